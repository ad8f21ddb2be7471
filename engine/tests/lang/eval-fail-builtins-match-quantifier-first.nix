# A quantifier needs something to repeat.
builtins.match "*a" "a"
