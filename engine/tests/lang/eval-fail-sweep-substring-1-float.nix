builtins.substring 0 1.5 (throw "later")
