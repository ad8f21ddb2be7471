{ Inner = "from Sub/mod.nix"; }
