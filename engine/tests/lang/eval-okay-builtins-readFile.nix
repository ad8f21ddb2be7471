[
  (builtins.readFile ./fixtures/a.txt)
  (builtins.readFile ./fixtures/empty.txt)
  (builtins.readFile ./fixtures/dir/b.txt)
  (builtins.readFile (toString ./fixtures/a.txt))
  (builtins.readFile ./fixtures/dir/link)
  (builtins.fromJSON (builtins.readFile ./fixtures/data.json))
  (builtins.getContext (builtins.readFile ./fixtures/a.txt))
]
