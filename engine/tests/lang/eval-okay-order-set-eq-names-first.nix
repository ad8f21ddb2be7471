[ ({ x = throw "x"; a = 1; } == { b = 1; a = 1; }) ({ a = throw "x"; } == { a = 1; b = 2; }) ([ (throw "x") ] == [ 1 2 ]) ]
