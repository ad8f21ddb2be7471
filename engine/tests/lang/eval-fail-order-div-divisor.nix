builtins.div "a" 1.0
