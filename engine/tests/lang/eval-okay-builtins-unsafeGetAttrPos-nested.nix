# Positions of attributes defined through attribute paths, and through `//`,
# removeAttrs, rec sets and dynamic names.
let
  s = {
    a.b = 1;
    a.c = 2;
    x = { y = 1; };
    x.z = 2;
  };
  r = rec { p = 1; q = p; };
  d = { ${"dyn"} = 1; };
  u = { k = 1; } // { l = 2; };
in
[
  (builtins.unsafeGetAttrPos "a" s)
  (builtins.unsafeGetAttrPos "b" s.a)
  (builtins.unsafeGetAttrPos "c" s.a)
  (builtins.unsafeGetAttrPos "y" s.x)
  (builtins.unsafeGetAttrPos "z" s.x)
  (builtins.unsafeGetAttrPos "q" r)
  (builtins.unsafeGetAttrPos "dyn" d)
  (builtins.unsafeGetAttrPos "k" u)
  (builtins.unsafeGetAttrPos "l" u)
  (builtins.unsafeGetAttrPos "a" (builtins.removeAttrs s [ "x" ]))
  (builtins.unsafeGetAttrPos "a" (builtins.listToAttrs [ ]))
]
