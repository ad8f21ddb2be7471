[
  (builtins.tail [ 1 2 3 ])
  (builtins.tail [ 1 ])
  (builtins.length (builtins.tail [ (throw "not forced") 2 ]))
  (builtins.tail (builtins.tail [ 1 2 3 4 ]))
]
