[
  (builtins.readDir ./fixtures/dir)
  (builtins.readDir ./fixtures/dir/sub)
  (builtins.readDir (toString ./fixtures/filter-src))
  (builtins.attrNames (builtins.readDir ./fixtures/import))
]
