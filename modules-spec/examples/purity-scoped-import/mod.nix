{ Value = scopedImport { } ./other.nix; }
