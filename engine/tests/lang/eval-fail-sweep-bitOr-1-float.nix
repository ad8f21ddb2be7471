builtins.bitOr 1 1.5
