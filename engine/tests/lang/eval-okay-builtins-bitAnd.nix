[
  (builtins.bitAnd 12 10)
  (builtins.bitAnd 0 (-1))
  (builtins.bitAnd (-1) (-1))
  (builtins.bitAnd (-8) 15)
  (builtins.bitAnd 9223372036854775807 (-9223372036854775807 - 1))
]
