# Two definitions of a unique option at the same priority.
{ lib }:
let
  eval = lib.evalModules {
    modules = [
      { options.name = lib.mkOption { type = lib.types.str; }; }
      { name = "a"; }
      { name = "b"; }
    ];
  };
in
eval.config.name
