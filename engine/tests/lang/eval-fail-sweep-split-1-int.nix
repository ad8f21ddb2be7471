builtins.split "a" 1
