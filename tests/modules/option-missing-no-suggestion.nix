# A definition far from every declared option: no "Did you mean".
{ lib }:
let
  eval = lib.evalModules {
    modules = [
      { options.alpha = lib.mkOption { default = 1; }; }
      { _file = "z.nix"; zzzzzzzz = 2; }
    ];
  };
in
eval.config.alpha
