[ builtins.null (builtins.typeOf builtins.null) (builtins.isNull builtins.null) ]
