builtins.convertHash { hash = "sha3:abcd"; toHashFormat = "sri"; }
