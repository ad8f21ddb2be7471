(builtins.add 1) < builtins.sub
