# A misspelt option inside an attrsOf submodule: the path names the entry.
{ lib }:
let
  inherit (lib) mkOption types;
  eval = lib.evalModules {
    modules = [
      {
        options.users = mkOption {
          type = types.attrsOf (types.submodule {
            options.shell = mkOption { type = types.str; default = "sh"; };
            options.extraGroups = mkOption { type = types.listOf types.str; default = [ ]; };
          });
        };
      }
      { _file = "alice.nix"; users.alice.extraGroup = [ "wheel" ]; }
    ];
  };
in
eval.config.users.alice.shell
