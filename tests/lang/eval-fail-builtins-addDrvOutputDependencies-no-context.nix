builtins.addDrvOutputDependencies "no context"
