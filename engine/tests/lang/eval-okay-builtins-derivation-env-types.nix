# How every kind of value is turned into an environment variable.
let
  dep = derivation { name = "dep"; system = "x86_64-linux"; builder = "/bin/sh"; };
  mk = name: value: derivation { inherit name value; system = "x86_64-linux"; builder = "/bin/sh"; };
  show = d: { inherit (d) drvPath outPath; };
in
builtins.mapAttrs (n: v: show (mk n v)) {
  int = 42;
  negint = -1;
  float = 1.5;
  true = true;
  false = false;
  null = null;
  emptyString = "";
  emptyList = [ ];
  list = [ 1 "two" true false null [ "nested" ] 3.5 ];
  path = ./fixtures/a.txt;
  drv = dep;
  drvList = [ dep dep ];
  outPathSet = { outPath = "/some/out"; };
  toStringSet = { __toString = self: "via __toString"; };
  multiline = "a\nb\tc\"d\\e";
  unicode = "é日本";
}
