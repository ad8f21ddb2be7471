"from Other.nix"
