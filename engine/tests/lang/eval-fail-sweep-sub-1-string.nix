builtins.sub 1 "s"
