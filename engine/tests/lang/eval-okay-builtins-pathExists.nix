[
  (builtins.pathExists ./fixtures/a.txt)
  (builtins.pathExists ./fixtures/dir)
  (builtins.pathExists ./fixtures/nope)
  (builtins.pathExists (toString ./fixtures/a.txt))
  (builtins.pathExists "/definitely/not/here")
  (builtins.pathExists ./fixtures/dir/link)
  (builtins.pathExists (./fixtures + "/a.txt"))
  # a trailing slash requires a directory
  (builtins.pathExists "${toString ./fixtures/dir}/")
  (builtins.pathExists "${toString ./fixtures/a.txt}/")
  (builtins.pathExists "${toString ./fixtures}/dir/.")
]
