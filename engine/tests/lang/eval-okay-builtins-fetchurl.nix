[ (builtins.typeOf builtins.fetchurl) (builtins.isFunction builtins.fetchurl) ]
