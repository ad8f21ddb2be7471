builtins.intersectAttrs 1 (throw "later")
