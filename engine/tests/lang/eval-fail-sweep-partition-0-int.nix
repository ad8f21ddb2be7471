builtins.partition 1 (throw "later")
