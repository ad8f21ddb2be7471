# The derivation attrset is lazy: name/type are available without computing drvPath,
# and attributes not used for the drv can still throw when accessed.
let
  d = derivation { name = "lazy"; system = "x86_64-linux"; builder = "/bin/sh"; };
  bad = derivation { name = "lazy-bad"; system = "x86_64-linux"; builder = throw "builder never forced"; };
in
[
  bad.name
  bad.type
  bad.outputName
  (builtins.attrNames bad)
  d.outPath
]
