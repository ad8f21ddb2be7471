# An enum mismatch, with a multi-line definition value in the listing.
{ lib }:
let
  eval = lib.evalModules {
    modules = [
      { options.mode = lib.mkOption { type = lib.types.enum [ "fast" "slow" ]; }; }
      { _file = "mode.nix"; mode = { speed = "fast"; list = [ 1 2 ]; }; }
    ];
  };
in
eval.config.mode
