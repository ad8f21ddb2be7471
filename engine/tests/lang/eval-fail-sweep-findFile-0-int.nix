builtins.findFile 1 (throw "later")
