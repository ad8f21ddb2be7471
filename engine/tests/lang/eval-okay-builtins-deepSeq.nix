[
  (builtins.deepSeq 1 2)
  (builtins.deepSeq [ 1 [ 2 { a = 3; } ] ] "ok")
  (builtins.deepSeq { a.b.c = "d"; } "ok")
  (builtins.deepSeq (x: throw "functions are not entered") "ok")
  (builtins.deepSeq { f = x: throw "not called"; } "ok")
]
