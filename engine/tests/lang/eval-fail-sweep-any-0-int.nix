builtins.any 1 (throw "later")
