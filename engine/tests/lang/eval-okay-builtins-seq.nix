[
  (builtins.seq 1 2)
  (builtins.seq [ (throw "not forced: seq forces to WHNF only") ] "ok")
  (builtins.seq { a = throw "not forced"; } "ok")
  (builtins.seq (x: throw "not called") "ok")
]
