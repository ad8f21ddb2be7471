# Turns an "allOutputs" (drvPath) context into a plain "path" context on the .drv.
let
  d = derivation { name = "udod"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "lib" ]; };
  p = builtins.unsafeDiscardOutputDependency d.drvPath;
in
[
  p
  (p == d.drvPath)
  (builtins.getContext d.drvPath)
  (builtins.getContext p)
  (builtins.getContext (builtins.unsafeDiscardOutputDependency "${d.lib}"))
  (builtins.getContext (builtins.unsafeDiscardOutputDependency "no context"))
  (builtins.getContext (builtins.unsafeDiscardOutputDependency "${d.drvPath} and ${d.lib}"))
]
