[
  (builtins.catAttrs "a" [ { a = 1; } { b = 2; } { a = 3; } ])
  (builtins.catAttrs "a" [ ])
  (builtins.catAttrs "z" [ { a = 1; } ])
  (builtins.length (builtins.catAttrs "a" [ { a = throw "not forced"; } ]))
]
