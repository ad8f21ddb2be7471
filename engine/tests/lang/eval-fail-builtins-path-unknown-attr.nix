builtins.path { path = ./fixtures/a.txt; colour = "red"; }
