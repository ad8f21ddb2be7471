{ Value = builtins.import ./other.nix; }
