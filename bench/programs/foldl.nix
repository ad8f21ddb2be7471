# A strict left fold over a 2,000,000-element generated list: measures
# list construction (genList), builtin application and the primop
# calling convention of foldl'.
let
  xs = builtins.genList (i: i) 2000000;
in
builtins.foldl' (acc: x: acc + x * 2 - 1) 0 xs
