# mkRemovedOptionModule: setting the removed option fails with its message.
{ lib }:
let
  eval = lib.evalModules {
    modules = [
      (lib.mkRemovedOptionModule [ "old" "thing" ] "Use `new.thing' instead.")
      { options.new.thing = lib.mkOption { default = 0; }; }
      { _file = "uses-old.nix"; old.thing = 1; }
    ];
  };
in
eval.config.new.thing
