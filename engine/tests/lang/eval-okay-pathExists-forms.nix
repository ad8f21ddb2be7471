let
  d = toString ./fixtures;
  l = "${d}/links";
in
[
  # trailing slash and dot on directories, files and links
  (builtins.pathExists "${d}/dir/")
  (builtins.pathExists "${d}/dir/.")
  (builtins.pathExists "${d}/dir/./")
  (builtins.pathExists "${d}/dir//")
  (builtins.pathExists "${d}/a.txt/")
  (builtins.pathExists "${d}/a.txt/.")
  (builtins.pathExists "${d}/a.txt/..")
  (builtins.pathExists "${d}/nope/..")
  (builtins.pathExists "${d}/dir/sub/..")
  (builtins.pathExists "${l}/to-dir")
  (builtins.pathExists "${l}/to-dir/")
  (builtins.pathExists "${l}/to-dir/.")
  (builtins.pathExists "${l}/to-dir/b.txt")
  (builtins.pathExists "${l}/to-dir/../a.txt")
  (builtins.pathExists "${l}/to-file")
  (builtins.pathExists "${l}/to-file/")
  (builtins.pathExists "${l}/to-file/.")
  (builtins.pathExists "${l}/dangling")
  (builtins.pathExists "${l}/dangling/")
  (builtins.pathExists "${l}/self-loop")
  (builtins.pathExists "${l}/chain")
  (builtins.pathExists "${l}/chain/")
  (builtins.pathExists "${l}/chain/b.txt")
  (builtins.pathExists ./fixtures/links/to-dir)
  (builtins.pathExists ./fixtures/links/dangling)
  (builtins.pathExists (./fixtures/links + "/to-file/"))
  (builtins.pathExists (./fixtures + "/dir/."))
  (builtins.pathExists "/")
  (builtins.pathExists "/.")
  (builtins.pathExists "//")
]
