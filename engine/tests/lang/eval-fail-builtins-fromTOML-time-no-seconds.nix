# Times need seconds in TOML 1.0.
builtins.fromTOML "a = 07:32"
