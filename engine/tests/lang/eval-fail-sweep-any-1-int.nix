builtins.any (x: true) 1
