builtins.appendContext "a" 1
