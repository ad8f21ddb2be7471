[ (builtins.typeOf builtins.fetchTarball) (builtins.isFunction builtins.fetchTarball) ]
