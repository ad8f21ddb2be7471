# A partially applied builtin is named in type errors.
builtins.head (builtins.map (x: x))
