builtins.replaceStrings [ "a" ] 1 (throw "later")
