# attrValues follows the order of attrNames (sorted by name), not definition order.
[
  (builtins.attrValues { c = 3; a = 1; b = 2; })
  (builtins.attrValues { })
  (builtins.attrValues { Z = "Z"; a = "a"; "0" = "0"; })
  (builtins.length (builtins.attrValues { a = throw "not forced"; }))
]
