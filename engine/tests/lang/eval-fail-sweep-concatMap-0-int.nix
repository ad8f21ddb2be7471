builtins.concatMap 1 (throw "later")
