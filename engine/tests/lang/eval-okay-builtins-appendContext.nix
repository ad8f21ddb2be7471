let
  d = derivation { name = "app"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "doc" ]; };
  drv = builtins.unsafeDiscardStringContext d.drvPath;
  f = builtins.unsafeDiscardStringContext (builtins.toFile "app-file" "x");
in
[
  (builtins.getContext (builtins.appendContext "s" { }))
  (builtins.getContext (builtins.appendContext "s" { ${f} = { path = true; }; }))
  (builtins.getContext (builtins.appendContext "s" { ${drv} = { outputs = [ "doc" ]; }; }))
  (builtins.getContext (builtins.appendContext "s" { ${drv} = { allOutputs = true; }; }))
  (builtins.getContext (builtins.appendContext "s" { ${drv} = { outputs = [ "out" "doc" ]; path = true; allOutputs = true; }; }))
  # merging with existing context
  (builtins.getContext (builtins.appendContext "${d.doc}" { ${drv} = { outputs = [ "out" ]; }; }))
  # false / empty entries add nothing
  (builtins.getContext (builtins.appendContext "s" { ${f} = { path = false; }; }))
  (builtins.getContext (builtins.appendContext "s" { ${drv} = { outputs = [ ]; allOutputs = false; }; }))
  (builtins.appendContext "value unchanged" { ${f} = { path = true; }; })
  # unknown attributes in a context entry are ignored
  (builtins.getContext (builtins.appendContext "s" { ${f} = { pathh = true; }; }))
  # round trip
  (builtins.getContext (builtins.appendContext "" (builtins.getContext "${d}${d.drvPath}")) == builtins.getContext "${d}${d.drvPath}")
]
