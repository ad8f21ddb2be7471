builtins.convertHash { hash = "zz946ac92492d2347c6235b4d2611184"; hashAlgo = "md5"; toHashFormat = "sri"; }
