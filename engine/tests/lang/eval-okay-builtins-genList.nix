let
  l = builtins.genList (i: if i == 1 then throw "not forced" else i * i) 4;
in
[
  (builtins.genList (i: i) 5)
  (builtins.genList (i: i * 2) 0)
  (builtins.genList (i: "x${toString i}") 3)
  (builtins.length l)
  (builtins.elemAt l 3)
]
