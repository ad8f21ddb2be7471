[ builtins.true (builtins.typeOf builtins.true) (builtins.true && true) ]
