builtins.bitAnd 1 1.5
