# A definition that does not match the option's type.
{ lib }:
let
  eval = lib.evalModules {
    modules = [
      { options.port = lib.mkOption { type = lib.types.int; }; }
      { port = "eighty"; }
    ];
  };
in
eval.config.port
