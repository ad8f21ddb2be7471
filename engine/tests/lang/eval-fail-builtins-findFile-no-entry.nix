builtins.findFile [ ] "nixpkgs"
