# Stability on a larger input (exercises merge paths of the sort).
let
  l = builtins.genList (i: { k = builtins.bitAnd (i * 7) 3; i = i; }) 50;
in
builtins.map (x: x.i) (builtins.sort (a: b: a.k < b.k) l)
