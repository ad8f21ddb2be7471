# mkRenamedOptionModule: the old name still works and a warning is collected.
{ lib }:
let
  eval = lib.evalModules {
    modules = [
      { options.warnings = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; }; }
      (lib.mkRenamedOptionModule [ "oldName" ] [ "newName" ])
      { options.newName = lib.mkOption { type = lib.types.int; default = 0; }; }
      { _file = "uses-old.nix"; oldName = 4; }
    ];
  };
in
{ inherit (eval.config) newName warnings; }
