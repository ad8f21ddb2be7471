[ builtins.nixPath (builtins.typeOf builtins.nixPath) ]
