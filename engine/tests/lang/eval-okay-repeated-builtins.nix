let
  a = [ 1 ];
  j = builtins.fromJSON "{\"a\":[1,2],\"b\":{\"c\":1}}";
in
[
  [ j j.a j.b j ]
  (builtins.concatLists [ [ a ] [ a ] ])
  (builtins.attrValues { x = a; y = a; })
  (builtins.catAttrs "x" [ { x = a; } { x = a; } ])
  (builtins.map (x: a) [ 1 2 ])
  (builtins.mapAttrs (n: v: a) { x = 1; y = 1; })
  (builtins.listToAttrs [ { name = "x"; value = a; } { name = "y"; value = a; } ])
  (builtins.partition (x: true) [ a a ])
  (builtins.split "(a)(b)" "abab")
  (builtins.intersectAttrs { x = 1; y = 1; } { x = a; y = a; })
  (let p = builtins.parseDrvName "a-1"; in [ p p ])
]
