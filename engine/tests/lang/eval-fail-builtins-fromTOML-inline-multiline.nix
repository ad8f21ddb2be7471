# Inline tables are one line in TOML 1.0.
builtins.fromTOML "a = { x = 1,\n  y = 2 }"
