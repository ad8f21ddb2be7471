# getAttr's name cannot refer to a store path.
let s = builtins.appendContext "foo" { "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x" = { path = true; }; }; in builtins.getAttr s { foo = 1; }
