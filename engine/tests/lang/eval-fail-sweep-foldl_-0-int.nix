builtins.foldl' 1 (throw "later") (throw "later")
