(import ./fixtures/import/throws.nix).attr
