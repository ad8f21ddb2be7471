# head forces only the first element.
[
  (builtins.head [ 1 2 3 ])
  (builtins.head [ [ "a" ] (throw "not forced") ])
  (builtins.head (builtins.tail [ (throw "no") "second" ]))
]
