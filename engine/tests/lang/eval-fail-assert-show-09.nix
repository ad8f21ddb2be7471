let x = 1; y = 1; f = 1; a = 1; in
assert false && ((with x; y) + (if x then y else a) + (assert true; 1) + (let { body = 1; })); 1
