let a = 1; in a > 1 >= 2
