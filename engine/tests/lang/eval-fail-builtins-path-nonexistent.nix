builtins.path { path = ./fixtures/nope; }
