let x = x; in x
