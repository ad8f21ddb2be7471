# Integer division truncates towards zero.
[
  (builtins.div 7 2)
  (builtins.div (-7) 2)
  (builtins.div 7 (-2))
  (builtins.div (-7) (-2))
  (builtins.div 7 2.0)
  (builtins.div 1.0 4)
  (builtins.div 0 5)
  (builtins.div 9223372036854775807 (-1))
  (builtins.typeOf (builtins.div 6 3))
  (builtins.typeOf (builtins.div 6.0 3))
]
