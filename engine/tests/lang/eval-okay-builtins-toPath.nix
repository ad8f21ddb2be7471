[
  (builtins.toPath "/a/b")
  (builtins.toPath "/a/./b/../c//d/")
  (builtins.typeOf (builtins.toPath "/a"))
]
