[
  (builtins.filter (x: x > 2) [ 1 2 3 4 ])
  (builtins.filter (x: true) [ ])
  (builtins.filter builtins.isString [ 1 "a" null "b" [ ] ])
  # elements are passed unevaluated to the predicate; kept ones stay lazy
  (builtins.length (builtins.filter (x: true) [ (throw "lazy") ]))
]
