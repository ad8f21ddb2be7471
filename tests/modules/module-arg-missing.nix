# A module function asks for an argument nobody provides.
{ lib }:
let
  eval = lib.evalModules {
    modules = [
      { options.x = lib.mkOption { default = 1; }; }
      ({ pkgs, ... }: { _file = "needs-pkgs.nix"; x = pkgs.hello; })
    ];
  };
in
eval.config.x
