builtins.add "s" 2
