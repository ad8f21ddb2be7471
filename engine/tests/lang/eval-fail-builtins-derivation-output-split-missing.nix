let
  b = derivation { name = "odd"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "a b" ]; };
in
b."a b".outPath
