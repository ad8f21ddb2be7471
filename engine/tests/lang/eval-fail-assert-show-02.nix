let x = 1; y = 1; f = 1; a = 1; in
assert false && (let a = 1; inherit (x) y; in a); 1
