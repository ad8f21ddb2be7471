# exp-json
# toJSON corners: float layout, escapes, __toString and outPath, key order.
[
  (builtins.toJSON [ 1.0e-5 2.0e15 123456789012345678.0 0.000123 1.0e21 1.0e-4 (-1.5e-10) 4.35 0.1e1 999999999999999.0 1.0e-3 ])
  (builtins.toJSON (builtins.fromJSON "\"\\u007f\\u0080\\u2028\\ud83d\\ude00x\""))
  (builtins.toJSON (builtins.fromJSON "\"\\u0001\\u001b\\u001f\""))
  (builtins.toJSON { a.__toString = self: { outPath = "x"; }; })
  (builtins.toJSON { __toString = self: "s"; outPath = "o"; })
  (builtins.toJSON { outPath = { outPath = "deep"; }; })
  (builtins.toJSON { a.__toString = self: ./fixtures/a.txt; })
  (builtins.toJSON { "\n" = 1; "é" = 2; "A" = 3; "a" = 4; "" = 5; })
  (builtins.getContext (builtins.toJSON { a = "${builtins.toFile "f" "x"}"; }))
  (builtins.getContext (builtins.toJSON [ ./fixtures/a.txt ]))
]
