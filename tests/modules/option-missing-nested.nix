# A definition under a name that no option declares, among several close ones.
{ lib }:
let
  inherit (lib) mkOption types;
  eval = lib.evalModules {
    modules = [
      {
        options.networking.hostName = mkOption { type = types.str; default = "h"; };
        options.networking.hostId = mkOption { type = types.str; default = "i"; };
        options.networking.domain = mkOption { type = types.str; default = "d"; };
      }
      { _file = "host.nix"; networking.hostname = "x"; }
    ];
  };
in
eval.config.networking.hostName
