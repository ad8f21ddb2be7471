[ (builtins.typeOf builtins.nixVersion) (builtins.compareVersions builtins.nixVersion "2.0" > 0) ]
