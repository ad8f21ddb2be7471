# Result has the names of both, values from the second set.
[
  (builtins.intersectAttrs { a = 1; b = 2; } { b = 20; c = 30; })
  (builtins.intersectAttrs { } { a = 1; })
  (builtins.intersectAttrs { a = throw "first values never forced"; } { a = 1; })
  (builtins.intersectAttrs { x = 0; y = 0; z = 0; } { z = 3; y = 2; w = 1; })
]
