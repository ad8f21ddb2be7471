builtins.hashString 1 (throw "later")
