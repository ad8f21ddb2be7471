let x = 1; y = 1; f = 1; a = 1; in
assert false && ([ (x - 1) (x * 2) (x / 2) (x < y) (x >= y) (x <= y) (x > y) (-x) (!x) ]); 1
