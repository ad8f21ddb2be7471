let f = n: 1 + f n; in f 0
