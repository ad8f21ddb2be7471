[
  (builtins.scopedImport { x = 1; y = 2; greeting = "hi"; } ./fixtures/import/scoped.nix)
  # scope entries shadow builtins
  (builtins.scopedImport { x = 1; y = 2; greeting = "hi"; builtins = { }; } ./fixtures/import/scoped.nix).hasBuiltins
  (builtins.scopedImport { } ./fixtures/import/simple.nix).answer
]
