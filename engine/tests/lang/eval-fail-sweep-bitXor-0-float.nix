builtins.bitXor 1.5 (throw "later")
