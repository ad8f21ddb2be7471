builtins.mul "s" 2
