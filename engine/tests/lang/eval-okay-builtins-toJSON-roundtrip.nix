let
  v = { a = [ 1 2.5 "x" null true ]; b = { c = "d\n"; }; e = -3; };
in
[
  (builtins.fromJSON (builtins.toJSON v) == v)
  (builtins.fromJSON (builtins.toJSON v))
]
