builtins.attrNames 1
