builtins.bitAnd 1.5 (throw "later")
