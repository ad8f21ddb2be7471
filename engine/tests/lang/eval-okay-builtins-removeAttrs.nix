[
  (builtins.removeAttrs { a = 1; b = 2; c = 3; } [ "a" "c" ])
  (builtins.removeAttrs { a = 1; } [ "x" "y" ])
  (builtins.removeAttrs { a = 1; } [ ])
  (builtins.removeAttrs { } [ "a" ])
  (builtins.removeAttrs { a = 1; b = throw "removed, never forced"; } [ "b" ])
  (builtins.removeAttrs { a = 1; } [ "a" "a" ])
]
