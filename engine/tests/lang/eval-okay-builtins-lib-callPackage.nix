# callPackage-style dependency injection with functionArgs + intersectAttrs, plus override.
let
  callPackageWith = autoArgs: fn: args:
    let
      f = if builtins.isFunction fn then fn else import fn;
      auto = builtins.intersectAttrs (builtins.functionArgs f) autoArgs;
      result = f (auto // args);
    in
    if builtins.isAttrs result then result // { override = newArgs: callPackageWith autoArgs fn (args // newArgs); } else result;
  pkgs = {
    stdenv = { name = "stdenv"; };
    zlib = { name = "zlib-1.3"; };
    openssl = { name = "openssl-3.0"; };
    callPackage = callPackageWith pkgs;
    app = pkgs.callPackage ({ stdenv, zlib, openssl ? null, debug ? false, ... }: {
      name = "app";
      deps = map (d: d.name) (builtins.filter (d: d != null) [ stdenv zlib openssl ]);
      inherit debug;
    }) { };
    imported = pkgs.callPackage ./fixtures/import/function.nix { a = "from-call"; };
  };
in
{
  app = builtins.removeAttrs pkgs.app [ "override" ];
  overridden = builtins.removeAttrs (pkgs.app.override { openssl = null; debug = true; }) [ "override" ];
  imported = pkgs.imported;
  args = builtins.functionArgs ({ stdenv, zlib, openssl ? null, debug ? false, ... }: 1);
}
