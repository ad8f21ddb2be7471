builtins.abort 1
