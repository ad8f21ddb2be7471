# exp-json
# A derivation serialises as its outPath; the JSON string keeps the string context.
let
  d = derivation { name = "json-drv"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; };
  j = builtins.toJSON { pkg = d; dev = d.dev; list = [ d ]; };
in
[
  j
  (builtins.getContext j)
  (builtins.toJSON d)
  (toString d)
  (toString d.dev)
]
