builtins.removeAttrs 1 (throw "later")
