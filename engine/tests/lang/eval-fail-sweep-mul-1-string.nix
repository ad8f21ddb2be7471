builtins.mul 1 "s"
