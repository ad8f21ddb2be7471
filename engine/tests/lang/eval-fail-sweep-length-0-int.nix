builtins.length 1
