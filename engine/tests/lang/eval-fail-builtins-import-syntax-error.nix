import ./fixtures/import/syntax-error.nix
