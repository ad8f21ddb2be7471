# Timestamps need the experimental `parse-toml-timestamps` feature.
builtins.fromTOML "t = 1979-05-27T07:32:00Z"
