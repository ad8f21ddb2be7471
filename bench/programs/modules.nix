# lib.evalModules over 20,000 options: one module declares them all
# (`types.int`, default i), a second sets every other one with mkForce,
# and the result is the sum of `config`. Measures nixpkgs' module system
# itself: option declaration and merging, priorities (mkForce), type
# checks, removeAttrs and genericClosure on large inputs.
#
# `lib` is nixpkgs' lib, passed by the harness as
# `--arg lib 'import .../nixpkgs-lib/lib'` (never copied into the repo).
{ lib }:
let
  n = 20000;
  name = i: "opt${toString i}";
  declare = {
    options = builtins.listToAttrs (
      builtins.genList (i: {
        name = name i;
        value = lib.mkOption {
          type = lib.types.int;
          default = i;
        };
      }) n
    );
  };
  force = {
    config = builtins.listToAttrs (
      builtins.genList (j: {
        name = name (2 * j);
        value = lib.mkForce (3 * j);
      }) (n / 2)
    );
  };
  evaluated = lib.evalModules { modules = [ declare force ]; };
in
builtins.foldl' (acc: v: acc + v) 0 (builtins.attrValues evaluated.config)
