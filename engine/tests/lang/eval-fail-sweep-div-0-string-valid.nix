builtins.div "s" 2
