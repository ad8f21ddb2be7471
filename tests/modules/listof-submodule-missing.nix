# A misspelt option inside a listOf submodule entry.
{ lib }:
let
  inherit (lib) mkOption types;
  eval = lib.evalModules {
    modules = [
      {
        options.mounts = mkOption {
          type = types.listOf (types.submodule {
            options.device = mkOption { type = types.str; };
            options.fsType = mkOption { type = types.str; default = "ext4"; };
          });
        };
      }
      { _file = "fs.nix"; mounts = [ { device = "/dev/a"; } { device = "/dev/b"; fstype = "xfs"; } ]; }
    ];
  };
in
map (m: m.fsType) eval.config.mounts
