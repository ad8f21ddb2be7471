builtins.readFileType ./fixtures/nope
