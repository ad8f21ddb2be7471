builtins.getAttr 1 (throw "later")
