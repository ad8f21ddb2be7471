builtins.convertHash { hash = "eeeeeeeeeeeeeeeeeeeeeeeeee"; hashAlgo = "md5"; toHashFormat = "sri"; }
