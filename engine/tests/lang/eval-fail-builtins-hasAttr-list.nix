builtins.hasAttr "a" [ "a" ]
