# foldl' is left-associative and forces the accumulator at each step.
[
  (builtins.foldl' (acc: x: acc + x) 0 [ 1 2 3 4 ])
  (builtins.foldl' (acc: x: acc ++ [ x ]) [ ] [ 1 2 3 ])
  (builtins.foldl' (acc: x: "(${acc}${x})") "" [ "a" "b" "c" ])
  (builtins.foldl' (acc: x: acc - x) 10 [ 1 2 ])
  (builtins.foldl' (acc: x: x) (throw "initial not forced when list non-empty") [ 1 ])
  (builtins.foldl' (acc: x: acc) 5 [ ])
  (builtins.foldl' (acc: x: acc + x) 0 (builtins.genList (x: x) 10000))
  # only the accumulator is forced (weak head normal form), not the elements
  (builtins.foldl' (acc: x: acc + 1) 0 [ (throw "elements are not forced") ])
  (builtins.foldl' (acc: x: { inherit x; }) null [ 1 (throw "attr values not forced") ] ? x)
]
