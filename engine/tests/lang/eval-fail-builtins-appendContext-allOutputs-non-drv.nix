builtins.appendContext "s" { "/nix/store/00000000000000000000000000000000-x" = { allOutputs = true; }; }
