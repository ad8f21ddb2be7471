builtins.convertHash { hashAlgo = "md5"; toHashFormat = "sri"; }
