builtins.lessThan builtins.typeOf (x: 1)
