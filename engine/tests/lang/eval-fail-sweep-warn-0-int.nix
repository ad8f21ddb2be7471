builtins.warn 1 (throw "later")
