builtins.concatStringsSep 1 (throw "later")
