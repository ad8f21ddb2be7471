builtins.sort (a: b: if a == 2 && b == 4 then throw "2<4" else if b == 2 then throw "x<2" else a < b) [ 5 4 3 2 1 9 8 7 6 ]
