[ (builtins.isFloat 1.0) (builtins.isFloat 1) (builtins.isFloat (1 + 0.0)) (builtins.isFloat .5) (builtins.isFloat (builtins.fromJSON "1.0")) (builtins.isFloat (builtins.fromJSON "1")) ]
