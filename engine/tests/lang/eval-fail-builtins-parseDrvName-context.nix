# parseDrvName's argument cannot refer to a store path.
let s = builtins.appendContext "foo-1.0" { "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x" = { path = true; }; }; in builtins.parseDrvName s
