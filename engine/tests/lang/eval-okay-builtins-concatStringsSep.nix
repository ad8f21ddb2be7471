[
  (builtins.concatStringsSep ", " [ "a" "b" "c" ])
  (builtins.concatStringsSep ", " [ ])
  (builtins.concatStringsSep ", " [ "only" ])
  (builtins.concatStringsSep "" [ "a" "b" ])
  (builtins.concatStringsSep "/" [ "" "" ])
  # elements are coerced like in interpolation: sets with outPath/__toString are allowed
  (builtins.concatStringsSep "-" [ "a" { outPath = "op"; } { __toString = s: "ts"; } ])
  (builtins.concatStringsSep "-" [ (toString null) (toString true) (toString false) ])
  (builtins.concatStringsSep "\n" [ "x" "y" ])
]
