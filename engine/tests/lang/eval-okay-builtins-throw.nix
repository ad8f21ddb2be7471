let
  unused = throw "never forced";
in
[
  (if true then "then branch" else throw "not taken")
  ({ a = 1; b = builtins.throw "lazy attr"; }.a)
  (builtins.typeOf throw)
  ((builtins.tryEval (throw "caught")).success)
  ({ a = throw "x"; } ? a)
]
