# A misspelt option: the module system suggests the closest declared names.
{ lib }:
let
  eval = lib.evalModules {
    modules = [
      {
        options.services.nginx.enable = lib.mkEnableOption "nginx";
        options.services.nginx.port = lib.mkOption { type = lib.types.port; default = 80; };
      }
      { services.nginx.enabel = true; }
    ];
  };
in
eval.config.services.nginx.port
