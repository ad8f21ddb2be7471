# A type error among several definitions from several files: all are listed.
{ lib }:
let
  eval = lib.evalModules {
    modules = [
      { options.ports = lib.mkOption { type = lib.types.listOf lib.types.port; }; }
      { _file = "a.nix"; ports = [ 80 ]; }
      { _file = "b.nix"; ports = [ 443 70000 ]; }
      { _file = "c.nix"; ports = lib.mkAfter [ 22 ]; }
    ];
  };
in
eval.config.ports
