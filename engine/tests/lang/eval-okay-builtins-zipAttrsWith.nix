[
  (builtins.zipAttrsWith (name: values: values) [ { a = 1; b = 2; } { a = 3; c = 4; } ])
  (builtins.zipAttrsWith (name: values: name) [ { x = 1; } { y = 2; } ])
  (builtins.zipAttrsWith (name: values: values) [ ])
  (builtins.zipAttrsWith (name: builtins.foldl' (a: b: a + b) 0) [ { a = 1; } { a = 10; } { a = 100; b = 5; } ])
  (builtins.zipAttrsWith (name: values: throw "lazy") [ { a = 1; } ] ? a)
]
