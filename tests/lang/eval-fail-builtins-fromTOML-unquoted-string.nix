builtins.fromTOML "a = unquoted"
