{ Shadow = "from mod.nix"; }
