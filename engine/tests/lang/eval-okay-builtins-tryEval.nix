# tryEval catches throw and assert failures only; evaluation is to weak head normal form.
[
  (builtins.tryEval 1)
  (builtins.tryEval (throw "caught"))
  (builtins.tryEval (assert false; 1))
  (builtins.tryEval (assert 1 == 1; "ok"))
  (builtins.tryEval [ (throw "inside list: not forced by tryEval") ]).success
  (builtins.tryEval { a = throw "inside set"; }).success
  (builtins.tryEval (builtins.deepSeq [ (throw "deep") ] 1))
  (builtins.tryEval (builtins.tryEval (throw "inner")))
  (builtins.tryEval ({ }.missing or "default"))
  (builtins.tryEval (x: x)).success
]
