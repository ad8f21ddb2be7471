# map is lazy in the function results: unused elements are never forced.
let
  l = builtins.map (x: if x == 2 then throw "not forced" else x * 10) [ 1 2 3 ];
in
[
  (builtins.map (x: x + 1) [ 1 2 3 ])
  (builtins.map (x: x) [ ])
  (builtins.head l)
  (builtins.elemAt l 2)
  (builtins.length l)
  (builtins.map builtins.typeOf [ 1 "a" null [ ] { } (x: x) 1.5 true ./. ])
]
