# flags: --show-trace
# The whole trace of a type error in a listOf option.
{ lib }:
let
  eval = lib.evalModules {
    modules = [
      { options.xs = lib.mkOption { type = lib.types.listOf lib.types.int; }; }
      { _file = "xs.nix"; xs = [ 1 "two" 3 ]; }
    ];
  };
in
eval.config.xs
