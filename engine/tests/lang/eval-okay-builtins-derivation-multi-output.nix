let
  d = derivation { name = "multi"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "dev" "lib" ]; };
  reordered = derivation { name = "multi"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "lib" "out" "dev" ]; };
  noOut = derivation { name = "noout"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "bin" "man" ]; };
in
{
  attrNames = builtins.attrNames d;
  drvPath = d.drvPath;
  outPath = d.outPath;
  outputName = d.outputName;
  outputs = d.outputs;
  dev = { inherit (d.dev) outPath outputName drvPath; };
  lib = d.lib.outPath;
  devIsDev = d.dev.dev.outPath == d.dev.outPath;
  all = builtins.map (o: o.outPath) d.all;
  allNames = builtins.map (o: o.outputName) d.all;
  outOfDev = d.dev.out.outPath == d.outPath;
  # the first output is the default one
  reordered = { inherit (reordered) drvPath outPath outputName; };
  noOut = { inherit (noOut) drvPath outPath outputName; bin = noOut.bin.outPath; man = noOut.man.outPath; };
  typeOfDev = d.dev.type;
}
