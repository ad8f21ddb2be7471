[ (builtins.isNull null) (builtins.isNull false) (builtins.isNull 0) (builtins.isNull "") (builtins.isNull (builtins.fromJSON "null")) ]
