builtins.intersectAttrs { a = 1; } 1
