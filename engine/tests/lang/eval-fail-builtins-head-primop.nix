# A builtin is named in type errors.
builtins.head builtins.map
