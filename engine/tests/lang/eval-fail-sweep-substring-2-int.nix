builtins.substring 0 1 1
