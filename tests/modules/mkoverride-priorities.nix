# Priorities pick the winner; equal lower priorities merge; apply and the highest priority seen.
{ lib }:
let
  inherit (lib) mkOption types mkOverride mkDefault mkForce mkOptionDefault;
  eval = lib.evalModules {
    modules = [
      {
        options.n = mkOption { type = types.int; default = 1; apply = x: x * 10; };
        options.l = mkOption { type = types.listOf types.int; };
        options.s = mkOption { type = types.str; default = "default"; };
      }
      { n = mkOverride 90 5; l = mkDefault [ 1 ]; s = mkOptionDefault "option-default"; }
      { n = mkOverride 80 7; l = mkDefault [ 2 ]; }
      { n = mkOverride 95 9; }
    ];
  };
in
{
  inherit (eval.config) n l s;
  prio = eval.options.n.highestPrio;
  files = map toString eval.options.n.files;
}
