# A freeform submodule and an option with a check-less type (str) given a set.
{ lib }:
let
  inherit (lib) mkOption types;
  eval = lib.evalModules {
    modules = [
      {
        freeformType = types.attrsOf types.str;
        options.name = mkOption { type = types.str; default = "n"; };
      }
      { _file = "free.nix"; extra = "e"; other = { not = "a string"; }; }
    ];
  };
in
eval.config
