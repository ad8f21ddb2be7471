builtins.split 1 (throw "later")
