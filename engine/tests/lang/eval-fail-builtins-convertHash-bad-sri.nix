builtins.convertHash { hash = "sha256-AAAA"; toHashFormat = "base16"; }
