builtins.baseNameOf 1
