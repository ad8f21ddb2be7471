builtins.isFunction (abort "forced")
