[
  (builtins.getAttr "a" { a = 1; })
  (builtins.getAttr "a b" { "a b" = 2; })
  (builtins.getAttr "x" { x = { y = 3; }; }).y
  (builtins.getAttr ("a" + "b") { ab = "dyn"; })
]
