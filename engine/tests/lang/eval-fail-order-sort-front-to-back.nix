builtins.sort (a: b: a < b) [ (throw "1") (throw "2") ]
