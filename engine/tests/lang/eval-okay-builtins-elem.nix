# elem uses `==` (deep equality; int/float compare numerically).
[
  (builtins.elem 2 [ 1 2 3 ])
  (builtins.elem 4 [ 1 2 3 ])
  (builtins.elem 2 [ 1 2.0 3 ])
  (builtins.elem [ 1 ] [ [ 1 ] ])
  (builtins.elem { a = 1; } [ { a = 1; } ])
  (builtins.elem "a" [ ])
  (builtins.elem null [ null ])
  # stops at the first match: later elements are not forced
  (builtins.elem 1 [ 1 (throw "not forced") ])
]
