builtins.convertHash { hash = "b1946ac92492d2347c6235b4d2611184"; toHashFormat = "sri"; }
