[ (builtins.isPath ./.) (builtins.isPath /a/b) (builtins.isPath "/a/b") (builtins.isPath (./. + "/x")) (builtins.isPath (builtins.toPath "/a")) ]
