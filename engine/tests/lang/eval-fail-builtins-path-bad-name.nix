builtins.path { path = ./fixtures/a.txt; name = "a b"; }
