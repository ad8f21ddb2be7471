# Without the extra scope the free variables are undefined.
builtins.scopedImport { x = 1; } ./fixtures/import/scoped.nix
