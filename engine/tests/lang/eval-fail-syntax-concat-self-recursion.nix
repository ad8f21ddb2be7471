let xs = [ 1 ] ++ xs; in builtins.head xs
