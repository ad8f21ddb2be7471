let
  f = { a, b ? 1, ... }@args: a;
  g = x@{ z,
    y ? 2 }: z;
in
[
  (builtins.unsafeGetAttrPos "a" (builtins.functionArgs f))
  (builtins.unsafeGetAttrPos "b" (builtins.functionArgs f))
  (builtins.unsafeGetAttrPos "c" (builtins.functionArgs f))
  (builtins.unsafeGetAttrPos "y" (builtins.functionArgs g))
  (builtins.unsafeGetAttrPos "z" (builtins.functionArgs g))
  (builtins.functionArgs g)
  (builtins.unsafeGetAttrPos "x" (builtins.functionArgs (x: x)))
]
