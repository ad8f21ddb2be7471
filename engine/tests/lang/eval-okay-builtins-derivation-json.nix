# `__json` is an ordinary (if unusual) attribute name; __structuredAttrs is what produces a JSON env.
let
  show = d: { inherit (d) drvPath outPath; };
in
[
  (show (derivation { name = "json"; system = "x86_64-linux"; builder = "/bin/sh"; __json = builtins.toJSON { a = 1; }; }))
  (show (derivation { name = "json"; system = "x86_64-linux"; builder = "/bin/sh"; __structuredAttrs = true; a = 1; }))
]
