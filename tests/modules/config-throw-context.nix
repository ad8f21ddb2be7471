# A definition that reads an undefined option: lib names the file of the definition.
{ lib }:
let
  eval = lib.evalModules {
    modules = [
      { options.xs = lib.mkOption { type = lib.types.attrsOf lib.types.int; }; }
      { options.base = lib.mkOption { type = lib.types.int; }; }
      { _file = "good.nix"; xs.a = 1; }
      ({ config, ... }: { _file = "bad.nix"; xs.b = config.base + 1; })
    ];
  };
in
eval.config.xs
