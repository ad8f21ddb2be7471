builtins.substring (-1) (throw "len") (throw "s")
