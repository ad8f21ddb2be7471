let
  d = derivation { name = "ctx"; system = "x86_64-linux"; builder = "/bin/sh"; };
in
[
  (builtins.hasContext "plain")
  (builtins.hasContext "${d}")
  (builtins.hasContext d.drvPath)
  (builtins.hasContext (builtins.toFile "f" "x"))
  (builtins.hasContext (builtins.unsafeDiscardStringContext "${d}"))
  (builtins.hasContext "${./fixtures/a.txt}")
  (builtins.hasContext (toString ./fixtures/a.txt))
  (builtins.hasContext (builtins.substring 0 0 "${d}"))
  (builtins.hasContext (builtins.placeholder "out"))
  (builtins.hasContext (builtins.readFile ./fixtures/a.txt))
]
