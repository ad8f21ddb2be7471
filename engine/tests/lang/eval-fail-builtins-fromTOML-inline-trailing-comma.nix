builtins.fromTOML "a = { x = 1, }"
