# Input-addressed derivations: drvPath/outPath depend on every attribute.
let
  show = d: { inherit (d) name drvPath outPath; };
  base = { name = "basic"; system = "x86_64-linux"; builder = "/bin/sh"; };
in
builtins.map (a: show (derivation a)) [
  base
  (base // { name = "basic-2.0"; })
  (base // { system = "aarch64-darwin"; })
  (base // { builder = "/bin/bash"; })
  (base // { args = [ "-c" "echo hi > $out" ]; })
  (base // { args = [ ]; })
  (base // { extra = "env var"; })
  (base // { extra = ""; })
  (base // { name = "with+special_chars.?=-"; })
  (base // { system = "builtin"; builder = "builtin:fetchurl"; })
]
