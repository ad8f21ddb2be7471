# C++ Nix sorts with libstdc++'s std::stable_sort: a comparator that is
# not a strict order gives its results.
let
  l = builtins.genList (x: (x * 37) - (x * x * 3) / 5) 40;
in
[
  (builtins.sort (a: b: true) (builtins.genList (x: x) 20))
  (builtins.sort (a: b: false) [ 3 1 2 ])
  (builtins.sort (a: b: a <= b) [ 3 1 2 3 1 2 ])
  (builtins.sort (a: b: a.k <= b.k) [ { k = 1; v = 1; } { k = 0; v = 2; } { k = 1; v = 3; } { k = 0; v = 4; } ])
  (builtins.sort (a: b: a > b) l)
  (builtins.sort (a: b: a != b) l)
  (builtins.sort (a: b: builtins.bitAnd a 3 < builtins.bitAnd b 5) l)
]
