# attrNames is sorted bytewise (uppercase before lowercase), values are not forced.
[
  (builtins.attrNames { b = 1; a = 2; c = throw "not forced"; })
  (builtins.attrNames { })
  (builtins.attrNames { B = 1; a = 1; _x = 1; "1" = 1; "" = 1; "a b" = 1; Z = 1; })
  (builtins.attrNames { a.b.c = 1; a.d = 2; })
  (builtins.attrNames { aa = 1; a = 1; ab = 1; "a-" = 1; })
]
