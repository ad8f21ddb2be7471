[ (builtins.isString "") (builtins.isString ''x'') (builtins.isString "${"a"}") (builtins.isString ./x) (builtins.isString (toString ./x)) (builtins.isString 1) ]
