builtins.attrValues 1
