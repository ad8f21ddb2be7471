{ x = { a ? 1 }: { y = a; list = [ 10 ({ n ? 5 }: n) ]; }; plain = x: x; }
