# A comparator using <= (not a strict weak order) still terminates and gives a sorted result.
builtins.sort (a: b: a <= b) [ 3 1 2 1 3 0 ]
