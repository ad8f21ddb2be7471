[ /foo /foo/bar /. ]
