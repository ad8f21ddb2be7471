builtins.any (x: x) null
