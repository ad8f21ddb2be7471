builtins.convertHash 1
