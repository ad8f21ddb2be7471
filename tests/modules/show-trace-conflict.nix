# flags: --show-trace
# The whole trace of conflicting definitions reached through a submodule.
{ lib }:
let
  inherit (lib) mkOption types;
  eval = lib.evalModules {
    modules = [
      { options.srv = mkOption { type = types.submodule { options.host = mkOption { type = types.str; }; }; }; }
      { _file = "one.nix"; srv.host = "a"; }
      { _file = "two.nix"; srv.host = "b"; }
    ];
  };
in
eval.config.srv.host
