[
  (builtins.readFileType ./fixtures/a.txt)
  (builtins.readFileType ./fixtures/dir)
  (builtins.readFileType ./fixtures/dir/link)
  (builtins.readFileType (toString ./fixtures/dir/sub))
]
