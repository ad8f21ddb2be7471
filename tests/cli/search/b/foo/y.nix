"b/foo/y"
