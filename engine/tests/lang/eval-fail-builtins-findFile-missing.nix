builtins.findFile [ { prefix = "x"; path = ./fixtures; } ] "x/nope.txt"
