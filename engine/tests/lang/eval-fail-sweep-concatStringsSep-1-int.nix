builtins.concatStringsSep "," 1
