[
  (builtins.mul 6 7)
  (builtins.mul (-6) 7)
  (builtins.mul 2 0.5)
  (builtins.mul 1.5 1.5)
  (builtins.mul 0 (-1))
  (builtins.mul 4611686018427387903 2)
  (builtins.typeOf (builtins.mul 2 3.0))
]
