let x = 1; y = 1; f = 1; a = 1; in
assert false && ((f x) y); 1
