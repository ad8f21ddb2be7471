builtins.attrNames builtins
