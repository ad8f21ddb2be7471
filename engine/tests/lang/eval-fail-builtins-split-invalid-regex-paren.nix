builtins.split "(a" "a"
