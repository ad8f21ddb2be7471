# Derivations are printed as <derivation> with their drvPath/outPath, once per drvPath.
let
  d = derivation { name = "xml"; system = "x86_64-linux"; builder = "/bin/sh"; };
in
builtins.toXML { inherit d; again = d; list = [ d ]; }
