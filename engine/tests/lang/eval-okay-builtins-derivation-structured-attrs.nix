let
  dep = derivation { name = "sdep"; system = "x86_64-linux"; builder = "/bin/sh"; };
  mk = extra: derivation ({ name = "structured"; system = "x86_64-linux"; builder = "/bin/sh"; __structuredAttrs = true; } // extra);
  show = d: { inherit (d) drvPath outPath; };
in
[
  (show (mk { }))
  (show (mk { int = 1; float = 1.5; bool = true; null = null; str = "s"; list = [ 1 [ 2 ] { a = "b"; } ]; set = { x.y = "z"; }; }))
  (show (mk { dep = dep; path = ./fixtures/a.txt; }))
  (show (mk { outputs = [ "out" "dev" ]; }))
  (show (mk { outputChecks.out.allowedReferences = [ ]; }))
  (show (mk { args = [ "-c" "x" ]; }))
  (show (mk { __structuredAttrs = false; a = 1; }))
  # a fixed-output derivation with structured attrs
  (show (mk { outputHash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; }))
]
