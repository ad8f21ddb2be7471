builtins.typeOf ./foo
