builtins.readFile ./fixtures/no-such-file
