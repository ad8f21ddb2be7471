builtins.div 1 "s"
