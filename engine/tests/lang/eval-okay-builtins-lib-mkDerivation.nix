# A miniature stdenv.mkDerivation with overrideAttrs, compared on drvPath/outPath.
let
  mkDerivation = attrs:
    let
      fixed = attrs // {
        name = attrs.name or "${attrs.pname}-${attrs.version}";
        system = attrs.system or "x86_64-linux";
        builder = "/bin/sh";
        args = [ "-c" (attrs.buildCommand or "touch $out") ];
      };
      drv = derivation (builtins.removeAttrs fixed [ "passthru" ]);
    in
    drv // (attrs.passthru or { }) // {
      overrideAttrs = f: mkDerivation (attrs // f attrs);
    };
  hello = mkDerivation { pname = "hello"; version = "2.12"; passthru.tests = "none"; };
  hello2 = hello.overrideAttrs (old: { version = "2.13"; });
  withDep = mkDerivation { name = "uses-hello"; buildInputs = [ hello ]; buildCommand = "${hello}/bin/hello > $out"; };
  multi = mkDerivation { pname = "multi"; version = "1"; outputs = [ "out" "dev" "man" ]; };
  show = d: { inherit (d) name drvPath outPath; };
in
{
  hello = show hello;
  hello2 = show hello2;
  withDep = show withDep;
  multiDev = multi.dev.outPath;
  multiMan = multi.man.outPath;
  passthru = hello.tests;
  depCtx = builtins.attrNames (builtins.getContext (builtins.concatStringsSep " " withDep.drvAttrs.args));
}
