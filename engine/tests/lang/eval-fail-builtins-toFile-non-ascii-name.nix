builtins.toFile "é" "x"
