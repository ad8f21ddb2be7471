# Two mkForce definitions still conflict; the message lists both files.
{ lib }:
let
  eval = lib.evalModules {
    modules = [
      { options.x = lib.mkOption { type = lib.types.str; }; }
      { _file = "a.nix"; x = lib.mkForce "a"; }
      { _file = "b.nix"; x = lib.mkForce "b"; }
      { _file = "c.nix"; x = "c"; }
    ];
  };
in
eval.config.x
