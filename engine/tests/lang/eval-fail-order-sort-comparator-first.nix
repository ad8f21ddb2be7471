builtins.sort 1 [ (throw "e") ]
