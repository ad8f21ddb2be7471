builtins.bitOr 1.5 (throw "later")
