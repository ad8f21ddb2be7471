# sort is stable: elements with equal keys keep their input order.
let
  people = [
    { n = "a"; k = 2; }
    { n = "b"; k = 1; }
    { n = "c"; k = 2; }
    { n = "d"; k = 1; }
    { n = "e"; k = 0; }
    { n = "f"; k = 2; }
  ];
in
[
  (builtins.sort builtins.lessThan [ 3 1 2 ])
  (builtins.sort (a: b: a > b) [ 3 1 2 5 4 ])
  (builtins.sort builtins.lessThan [ "b" "a" "C" "" ])
  (builtins.sort builtins.lessThan [ ])
  (builtins.sort builtins.lessThan [ 1 ])
  (builtins.sort builtins.lessThan [ 2.5 1 3 ])
  (builtins.map (p: p.n) (builtins.sort (a: b: a.k < b.k) people))
  (builtins.map (p: p.n) (builtins.sort (a: b: a.k > b.k) people))
  (builtins.sort builtins.lessThan [ [ 2 ] [ 1 3 ] [ 1 ] ])
]
