{ Value = __getFlake "nixpkgs"; }
