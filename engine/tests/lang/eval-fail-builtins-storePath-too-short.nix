builtins.storePath "/nix/store/bad"
