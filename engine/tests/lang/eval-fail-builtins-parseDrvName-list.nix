builtins.parseDrvName [ "foo-1.0" ]
