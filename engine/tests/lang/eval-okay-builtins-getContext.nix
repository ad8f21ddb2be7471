let
  d = derivation { name = "ctx"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; };
  f = builtins.toFile "ctx-file" "contents";
in
[
  (builtins.getContext "plain")
  (builtins.getContext "${d}")
  (builtins.getContext "${d.dev}")
  (builtins.getContext "${d.out} ${d.dev}")
  (builtins.getContext d.drvPath)
  (builtins.getContext f)
  (builtins.getContext "${f}${d}${d.drvPath}")
  (builtins.getContext (builtins.substring 0 5 "${d}"))
  (builtins.getContext (builtins.substring 0 0 "${d}"))
  (builtins.getContext (builtins.unsafeDiscardOutputDependency d.drvPath))
  (builtins.getContext (toString [ d f ]))
]
