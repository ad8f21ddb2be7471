[
  (baseNameOf "/a/b/c")
  (baseNameOf "/a/b/c/")
  (baseNameOf "c")
  (baseNameOf "")
  (baseNameOf "/")
  (baseNameOf "a/b.tar.gz")
  (baseNameOf ./fixtures/a.txt)
  (builtins.typeOf (baseNameOf ./fixtures/a.txt))
  (baseNameOf "/nix/store/abc-foo")
  (builtins.baseNameOf "//a//b//")
]
