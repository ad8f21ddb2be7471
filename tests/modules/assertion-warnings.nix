# A module's own throw inside a definition, reached through the option.
{ lib }:
let
  eval = lib.evalModules {
    modules = [
      { options.v = lib.mkOption { type = lib.types.int; }; }
      { _file = "v.nix"; v = throw "v is not set yet"; }
    ];
  };
in
eval.config.v
