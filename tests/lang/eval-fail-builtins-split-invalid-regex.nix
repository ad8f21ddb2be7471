builtins.split "a{" "a"
