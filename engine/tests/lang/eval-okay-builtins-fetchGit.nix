[ (builtins.typeOf builtins.fetchGit) (builtins.isFunction builtins.fetchGit) ]
