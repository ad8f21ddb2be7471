"a .nix file inside a data directory is data"
