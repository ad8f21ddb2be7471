builtins.hasAttr 1 (throw "later")
