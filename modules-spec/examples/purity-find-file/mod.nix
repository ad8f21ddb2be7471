{ Value = <nixpkgs>; }
