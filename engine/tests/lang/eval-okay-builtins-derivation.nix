let
  d = derivation { name = "simple"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo > $out" ]; };
in
[ d.drvPath d.outPath "${d}" d.type d.name (builtins.typeOf derivation) ]
