[
  (builtins.partition (x: x > 2) [ 1 2 3 4 ])
  (builtins.partition (x: true) [ ])
  (builtins.partition builtins.isInt [ 1 "a" 2 null ])
]
