# Output names are barely validated: "drv" is accepted, and derivationStrict
# splits the `outputs` list (turned into a space-separated string) on whitespace,
# so an output named "a b" becomes the two outputs "a" and "b".
let
  a = derivation { name = "odd"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "drv" ]; };
  b = derivation { name = "odd"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "a b" ]; };
in
[
  { inherit (a) drvPath outPath; drv = a.drv.outPath; }
  (builtins.attrNames b)
  (builtins.derivationStrict b.drvAttrs)
  (builtins.derivationStrict { name = "odd"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = "out  dev\tbin"; })
]
