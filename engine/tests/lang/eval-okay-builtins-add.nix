# builtins.add: int+int stays int, any float operand makes a float.
[
  (builtins.add 1 2)
  (builtins.add (-5) 3)
  (builtins.add 1 2.5)
  (builtins.add 2.5 1)
  (builtins.add 0.1 0.2)
  (builtins.add 9223372036854775806 1)
  (builtins.add (-9223372036854775807) (-1))
  (builtins.typeOf (builtins.add 1 1.0))
  (builtins.typeOf (builtins.add 1 1))
  (1 + 2 * 3)
]
