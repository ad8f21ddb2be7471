[ (builtins.typeOf builtins.fetchMercurial) (builtins.isFunction builtins.fetchMercurial) ]
