{ Value = builtins.getFlake "nixpkgs"; }
