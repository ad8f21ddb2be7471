# Builtins that build containers do not force the contained values.
let
  t = throw "must not be forced";
in
[
  (builtins.length (builtins.map (x: t) [ 1 2 ]))
  (builtins.length (builtins.genList (i: t) 3))
  (builtins.attrNames (builtins.mapAttrs (n: v: t) { a = 1; b = 2; }))
  (builtins.attrNames (builtins.listToAttrs [ { name = "a"; value = t; } ]))
  (builtins.length (builtins.concatMap (x: [ t t ]) [ 1 ]))
  (builtins.attrNames (builtins.zipAttrsWith (n: vs: t) [ { a = t; } ]))
  (builtins.length (builtins.attrValues { a = t; }))
  (builtins.attrNames (builtins.intersectAttrs { a = t; } { a = t; }))
  (builtins.attrNames (builtins.removeAttrs { a = t; b = t; } [ "a" ]))
  (builtins.attrNames (builtins.groupBy (x: "k") [ t ]) == [ ] || true)
  (builtins.length (builtins.filter (x: true) [ t t ]))
  (builtins.length (builtins.tail [ t t t ]))
  (builtins.length (builtins.catAttrs "a" [ { a = t; } ]))
  (builtins.seq [ t ] "whnf only")
  (builtins.isAttrs { a = t; })
  ((builtins.tryEval { a = t; }).success)
  ({ a = t; } ? a)
  (builtins.hasAttr "a" { a = t; })
  (builtins.typeOf [ t ])
]
