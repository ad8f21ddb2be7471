builtins.readFileType 1
