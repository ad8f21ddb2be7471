# A wrong type inside an attrsOf submodule, with files named by `_file`.
{ lib }:
let
  inherit (lib) mkOption types;
  eval = lib.evalModules {
    modules = [
      {
        _file = "users.nix";
        options.users = mkOption {
          type = types.attrsOf (types.submodule ({ name, ... }: {
            options.uid = mkOption { type = types.int; };
            options.home = mkOption { type = types.str; default = "/home/${name}"; };
          }));
        };
      }
      { _file = "alice.nix"; users.alice.uid = 1000; }
      { _file = "bob.nix"; users.bob.uid = "1001"; }
    ];
  };
in
lib.mapAttrs (n: u: u.uid) eval.config.users
