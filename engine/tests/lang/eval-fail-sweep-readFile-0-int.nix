builtins.readFile 1
