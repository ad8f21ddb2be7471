[
  (builtins.floor 1.9)
  (builtins.floor 1.0)
  (builtins.floor (-1.1))
  (builtins.floor (-0.5))
  (builtins.floor 3)
  (builtins.floor 123456.789)
  (builtins.typeOf (builtins.floor 1.5))
]
