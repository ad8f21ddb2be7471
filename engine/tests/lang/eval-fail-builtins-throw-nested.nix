let
  f = x: if x > 2 then throw "too big: ${toString x}" else x;
in
builtins.map f [ 1 2 3 ]
