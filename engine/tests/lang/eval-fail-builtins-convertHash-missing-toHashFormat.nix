builtins.convertHash { hash = "b1946ac92492d2347c6235b4d2611184"; hashAlgo = "md5"; }
