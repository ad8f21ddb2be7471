let a = 1; b = a; c = b; d = c; e = d; in e
