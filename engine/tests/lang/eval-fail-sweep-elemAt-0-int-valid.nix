builtins.elemAt 1 0
