builtins.fromTOML "[a\nb = 1"
