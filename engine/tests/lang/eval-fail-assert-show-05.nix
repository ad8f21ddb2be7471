let x = 1; y = 1; f = 1; a = 1; in
assert false && (({a, b ? 1, ...}@y: a) (y@{b, a}: a) ({}: 1) ({...}: 1) (x: y: x)); 1
