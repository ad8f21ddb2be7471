# unlike toString, concatStringsSep does not coerce integers
builtins.concatStringsSep "," [ "a" 1 ]
