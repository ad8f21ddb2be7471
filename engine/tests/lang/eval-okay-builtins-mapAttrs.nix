let
  m = builtins.mapAttrs (n: v: if n == "bad" then throw "not forced" else "${n}=${toString v}") {
    a = 1;
    b = 2;
    bad = 3;
  };
in
[
  (builtins.mapAttrs (n: v: v * 2) { x = 1; y = 2; })
  (builtins.mapAttrs (n: v: n) { })
  m.a
  (builtins.attrNames m)
  (builtins.mapAttrs (n: v: throw "lazy") { a = 1; } ? a)
]
