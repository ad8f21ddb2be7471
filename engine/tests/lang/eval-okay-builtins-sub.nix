[
  (builtins.sub 10 3)
  (builtins.sub 3 10)
  (builtins.sub 1.5 1)
  (builtins.sub 1 0.25)
  (builtins.sub (-9223372036854775807) 1)
  (builtins.sub 0 0)
  (5 - -3)
]
