builtins.sort (a: b: a < b) [ (throw "1") ]
