builtins.fromTOML "a = 0xG1"
