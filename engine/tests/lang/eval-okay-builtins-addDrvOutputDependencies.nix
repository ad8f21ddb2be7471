# The inverse of unsafeDiscardOutputDependency: a path context on a .drv becomes allOutputs.
let
  d = derivation { name = "adod"; system = "x86_64-linux"; builder = "/bin/sh"; };
  plain = builtins.unsafeDiscardOutputDependency d.drvPath;
  back = builtins.addDrvOutputDependencies plain;
in
[
  (builtins.getContext plain)
  (builtins.getContext back)
  (back == d.drvPath)
  (builtins.getContext (builtins.addDrvOutputDependencies d.drvPath))
]
