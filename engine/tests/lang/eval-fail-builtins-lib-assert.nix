let
  f = x: assert builtins.isInt x; x + 1;
in
f "not an int"
