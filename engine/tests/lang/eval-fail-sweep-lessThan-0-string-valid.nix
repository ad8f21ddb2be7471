builtins.lessThan "s" 2
