builtins.appendContext "s" { "/not/in/store" = { path = true; }; }
