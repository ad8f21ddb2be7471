[ builtins.false (builtins.typeOf builtins.false) (builtins.false || false) ]
