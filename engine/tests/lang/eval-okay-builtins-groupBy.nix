[
  (builtins.groupBy (x: if x > 2 then "big" else "small") [ 1 2 3 4 ])
  (builtins.groupBy (s: builtins.substring 0 1 s) [ "apple" "avocado" "banana" "cherry" "blueberry" ])
  (builtins.groupBy (x: x) [ ])
  (builtins.groupBy (x: "k") [ 3 2 1 ])
]
