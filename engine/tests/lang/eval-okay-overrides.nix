let
  k = "d";
  s = rec {
    __overrides = { a = 2; c = 3; };
    a = 1;
    b = a;
    ${k} = a + 1;
  };
  plain = { __overrides = { a = 2; }; a = 1; };
in
[
  s
  plain
  (rec { __overrides = { x = 1; }; })
  (builtins.unsafeGetAttrPos "a" s)
  (builtins.unsafeGetAttrPos "b" s)
  (builtins.unsafeGetAttrPos "c" s)
  (let __overrides = { a = 2; }; a = 1; in a)
]
