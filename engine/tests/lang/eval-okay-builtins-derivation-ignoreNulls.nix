let
  show = d: { inherit (d) drvPath outPath; };
  base = { name = "nulls"; system = "x86_64-linux"; builder = "/bin/sh"; };
in
[
  (show (derivation (base // { a = null; })))
  (show (derivation (base // { a = null; __ignoreNulls = true; })))
  (show (derivation (base // { __ignoreNulls = true; })))
  (show (derivation base))
  (show (derivation (base // { a = ""; })))
  # __ignoreNulls only drops nulls, not other falsy values
  (show (derivation (base // { a = ""; b = null; __ignoreNulls = true; })))
]
