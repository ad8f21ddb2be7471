# Members that are the very same value are equal without being evaluated.
let
  b = { a = throw "not evaluated"; };
  l = [ b ];
in [
  (l == l)
  ([ b ] == [ b ])
  ({ x = b; } == { x = b; })
  (builtins.elem b [ 1 b ])
  (builtins.attrValues { x = b; } == [ b ])
]
