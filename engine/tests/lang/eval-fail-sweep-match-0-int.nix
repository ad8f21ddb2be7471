builtins.match 1 (throw "later")
