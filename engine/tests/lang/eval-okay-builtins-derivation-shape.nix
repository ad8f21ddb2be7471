# The attribute set returned by `derivation`.
let
  d = derivation { name = "shape"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "a" ]; extra = 1; };
in
{
  names = builtins.attrNames d;
  type = d.type;
  name = d.name;
  system = d.system;
  builder = d.builder;
  args = d.args;
  extra = d.extra;
  drvAttrs = d.drvAttrs;
  outputName = d.outputName;
  allLen = builtins.length d.all;
  outIsSelf = d.out.outPath == d.outPath;
  toString = "${d}" == d.outPath;
  isDerivation = d.type == "derivation";
}
