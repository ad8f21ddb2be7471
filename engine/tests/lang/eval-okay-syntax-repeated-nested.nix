let s = { x = 1; }; in { a = s; b = s; c = [ s ]; }
