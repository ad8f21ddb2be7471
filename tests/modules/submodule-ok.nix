# Submodules, mkIf, mkMerge, mkOverride, mkBefore/mkAfter and defaults merge as in NixOS.
{ lib }:
let
  inherit (lib) mkOption types mkIf mkMerge mkForce mkDefault mkOverride mkBefore mkAfter;
  eval = lib.evalModules {
    modules = [
      {
        options.services = mkOption {
          type = types.attrsOf (types.submodule ({ name, config, ... }: {
            options.enable = mkOption { type = types.bool; default = false; };
            options.port = mkOption { type = types.port; default = 80; };
            options.tags = mkOption { type = types.listOf types.str; default = [ ]; };
            options.label = mkOption { type = types.str; default = "${name}:${toString config.port}"; };
          }));
          default = { };
        };
        options.level = mkOption { type = types.int; default = 1; };
      }
      ({ config, ... }: {
        services.web = mkMerge [
          { enable = true; tags = [ "b" ]; }
          (mkIf (config.level > 2) { port = mkDefault 8080; tags = mkBefore [ "a" ]; })
          { tags = mkAfter [ "z" ]; }
        ];
        services.db = { port = mkForce 5432; };
        level = mkOverride 10 3;
      })
      { services.db.port = 1234; level = mkDefault 2; services.off = mkIf false { enable = true; }; }
    ];
  };
in
{ inherit (eval.config) services level; }
