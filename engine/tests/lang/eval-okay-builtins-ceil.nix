[
  (builtins.ceil 1.1)
  (builtins.ceil 1.0)
  (builtins.ceil (-1.1))
  (builtins.ceil (-0.5))
  (builtins.ceil 3)
  (builtins.ceil 2.5e0)
  (builtins.typeOf (builtins.ceil 1.5))
]
