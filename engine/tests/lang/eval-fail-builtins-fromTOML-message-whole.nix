# whole-message
# The whole of toml11's excerpt, gutter included, on a line past 9.
builtins.fromTOML "\n\n\n\n\n\n\n\n\n\nab =\n"
