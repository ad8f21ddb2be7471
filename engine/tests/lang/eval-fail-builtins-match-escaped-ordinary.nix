builtins.match "a\\n" "an"
