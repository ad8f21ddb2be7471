# Derivations depending on other derivations, their outputs, their .drv files and plain sources.
let
  sys = "x86_64-linux";
  a = derivation { name = "a"; system = sys; builder = "/bin/sh"; };
  b = derivation { name = "b"; system = sys; builder = "${a}/bin/sh"; };
  m = derivation { name = "m"; system = sys; builder = "/bin/sh"; outputs = [ "out" "dev" ]; };
  c = derivation { name = "c"; system = sys; builder = "/bin/sh"; deps = [ a b m.dev ]; };
  e = derivation { name = "e"; system = sys; builder = "/bin/sh"; drv = builtins.unsafeDiscardOutputDependency a.drvPath; };
  f = derivation { name = "f"; system = sys; builder = "/bin/sh"; src = ./fixtures/a.txt; file = builtins.toFile "f.txt" "x"; };
  g = derivation { name = "g"; system = sys; builder = "/bin/sh"; both = [ m.out m.dev ]; };
  h = derivation { name = "h"; system = sys; builder = "/bin/sh"; src = ./fixtures/filter-src; };
  show = x: { inherit (x) drvPath outPath; };
in
builtins.mapAttrs (n: show) { inherit a b m c e f g h; }
// { bBuilder = b.builder; cCtx = builtins.getContext "${c}"; }
