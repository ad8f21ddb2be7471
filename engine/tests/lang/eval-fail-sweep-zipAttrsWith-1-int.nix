builtins.zipAttrsWith (n: v: v) 1
