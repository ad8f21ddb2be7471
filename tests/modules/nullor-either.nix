# Composite types: nullOr, either, oneOf, attrsOf, with their descriptions in the message.
{ lib }:
let
  inherit (lib) mkOption types;
  eval = lib.evalModules {
    modules = [
      {
        options.a = mkOption { type = types.nullOr (types.either types.int types.str); default = null; };
        options.b = mkOption { type = types.attrsOf (types.oneOf [ types.bool types.path types.package ]); };
      }
      { _file = "ab.nix"; a = 3; b.x = true; b.y = [ "no" ]; }
    ];
  };
in
{ inherit (eval.config) a b; }
