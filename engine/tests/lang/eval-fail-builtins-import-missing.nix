import ./fixtures/import/does-not-exist.nix
