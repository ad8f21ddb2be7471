# builtins.add does not concatenate strings (unlike the `+` operator).
builtins.add "a" "b"
