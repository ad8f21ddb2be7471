# length does not force the elements.
[
  (builtins.length [ ])
  (builtins.length [ 1 "a" null ])
  (builtins.length [ (throw "not forced") (abort "not forced") ])
  (builtins.length (builtins.genList (x: x) 1000))
  (builtins.length [ [ 1 2 ] [ ] ])
]
