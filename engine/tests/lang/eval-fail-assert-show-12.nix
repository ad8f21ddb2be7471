let x = 1; y = 1; f = 1; a = 1; in
assert false && (a ? b."c d".${x}); 1
