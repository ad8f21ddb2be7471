builtins.addDrvOutputDependencies (builtins.toFile "plain" "x")
