let
  s = {
    a = 1;
    b.c = 2;
    "quoted" = 3;
  };
in
[
  (builtins.unsafeGetAttrPos "a" s)
  (builtins.unsafeGetAttrPos "b" s)
  (builtins.unsafeGetAttrPos "quoted" s)
  (builtins.unsafeGetAttrPos "missing" s)
  (builtins.unsafeGetAttrPos "x" { inherit (s) a; x = 1; })
  (builtins.unsafeGetAttrPos "a" { inherit (s) a; })
]
