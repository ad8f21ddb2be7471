builtins.substring 1.5 (throw "later") (throw "later")
