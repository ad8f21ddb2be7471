builtins.sub "s" 2
