[
  (dirOf "/a/b/c")
  (dirOf "/a/b/c/")
  (dirOf "c")
  (dirOf "/")
  (dirOf "/a")
  (dirOf "a/b")
  (dirOf "")
  (dirOf ./fixtures/a.txt)
  (builtins.typeOf (dirOf ./fixtures/a.txt))
  (builtins.typeOf (dirOf "/a/b"))
  (dirOf /.)
  (builtins.dirOf "//a//b")
]
