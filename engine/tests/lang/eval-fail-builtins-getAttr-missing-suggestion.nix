# a close name gets suggested in the error
builtins.getAttr "fooo" { foo = 1; bar = 2; }
