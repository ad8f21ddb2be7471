builtins.split "${builtins.toFile "re" "a"}" "a"
