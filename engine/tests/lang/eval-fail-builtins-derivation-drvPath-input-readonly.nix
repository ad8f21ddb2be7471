# Depending on a .drv with all its outputs (a drvPath context) needs the .drv in
# the store; under `nix-instantiate --eval` (read-only store) it was never written.
let
  a = derivation { name = "atom-builtins-readonly-a"; system = "x86_64-linux"; builder = "/bin/sh"; };
in
(derivation { name = "d"; system = "x86_64-linux"; builder = "/bin/sh"; drv = a.drvPath; }).drvPath
