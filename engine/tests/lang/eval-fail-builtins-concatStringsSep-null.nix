builtins.concatStringsSep "," [ "a" null ]
