# An option that is used but has neither a default nor a definition.
{ lib }:
let
  eval = lib.evalModules {
    modules = [ { options.required = lib.mkOption { type = lib.types.str; description = "needed"; }; } ];
  };
in
eval.config.required
