builtins.replaceStrings 1 (throw "later") (throw "later")
