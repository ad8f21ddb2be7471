# derivationStrict returns only drvPath and one attribute per output path.
let
  s = builtins.derivationStrict { name = "strict"; system = "x86_64-linux"; builder = "/bin/sh"; };
  m = builtins.derivationStrict { name = "strict-multi"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "bin" ]; };
  d = derivation { name = "strict"; system = "x86_64-linux"; builder = "/bin/sh"; };
in
[
  s
  m
  (builtins.attrNames s)
  (s.drvPath == d.drvPath)
  (s.out == d.outPath)
  (builtins.getContext s.drvPath)
  (builtins.getContext s.out)
]
