# Reading config in `imports` loops; the module system's hint says why.
{ lib }:
let
  eval = lib.evalModules {
    modules = [
      ({ config, ... }: { imports = if config.x then [ ] else [ ]; options.x = lib.mkOption { default = true; }; })
    ];
  };
in
eval.config.x
