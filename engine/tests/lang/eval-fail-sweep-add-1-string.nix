builtins.add 1 "s"
