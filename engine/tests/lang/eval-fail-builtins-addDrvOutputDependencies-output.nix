# Only a single plain .drv path context may be converted.
let d = derivation { name = "adod"; system = "x86_64-linux"; builder = "/bin/sh"; }; in
builtins.addDrvOutputDependencies "${d}"
