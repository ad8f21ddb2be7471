builtins.groupBy 1 (throw "later")
