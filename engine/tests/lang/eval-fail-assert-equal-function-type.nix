(x: x) == 1 || (assert (x: x) == 1; true)
