[
  (builtins.elemAt [ "a" "b" "c" ] 0)
  (builtins.elemAt [ "a" "b" "c" ] 2)
  (builtins.elemAt [ (throw "not forced") 42 ] 1)
  (builtins.elemAt [ [ 1 ] [ 2 3 ] ] 1)
]
