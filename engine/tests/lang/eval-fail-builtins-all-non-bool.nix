builtins.all (x: x) [ true 1 ]
