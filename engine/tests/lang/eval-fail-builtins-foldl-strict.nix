# The accumulator is forced at every step, even if the final result ignores it.
builtins.foldl' (acc: x: if x == 2 then throw "forced accumulator" else x) 0 [ 1 2 3 ]
