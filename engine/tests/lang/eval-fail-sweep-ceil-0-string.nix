builtins.ceil "s"
