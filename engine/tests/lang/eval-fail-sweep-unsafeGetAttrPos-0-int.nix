builtins.unsafeGetAttrPos 1 (throw "later")
