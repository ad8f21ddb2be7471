builtins.match "x" (builtins.match "(" 1)
