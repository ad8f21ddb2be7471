[ (builtins.isBool true) (builtins.isBool false) (builtins.isBool null) (builtins.isBool "true") (builtins.isBool (1 == 1)) ]
