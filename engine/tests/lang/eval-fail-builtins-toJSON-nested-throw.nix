builtins.toJSON { a = [ 1 (throw "inner element forced") ]; }
