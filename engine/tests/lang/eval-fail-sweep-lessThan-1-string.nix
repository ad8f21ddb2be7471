builtins.lessThan 1 "s"
