# genericClosure: breadth-first-ish worklist, deduplicated by `key` (compared with ==),
# keeps the first item seen for each key, in discovery order.
[
  (builtins.genericClosure {
    startSet = [ { key = 1; } ];
    operator = item: if item.key < 5 then [ { key = item.key + 1; } ] else [ ];
  })
  (builtins.genericClosure {
    startSet = [ { key = 10; tag = "a"; } { key = 3; tag = "b"; } ];
    operator = item: builtins.map (k: { key = k; tag = "from ${toString item.key}"; }) (if item.key > 1 then [ (item.key / 2) (item.key - 1) ] else [ ]);
  })
  (builtins.genericClosure {
    startSet = [ { key = "a"; } { key = "a"; dup = true; } ];
    operator = item: [ ];
  })
  (builtins.genericClosure { startSet = [ ]; operator = throw "not called"; })
  (builtins.genericClosure {
    startSet = [ { key = [ 1 "x" ]; } ];
    operator = item: [ { key = [ 1 "x" ]; } { key = [ 2 ]; } ];
  })
  (builtins.length (builtins.genericClosure {
    startSet = [ { key = 0; extra = throw "non-key attributes are not forced"; } ];
    operator = item: [ ];
  }))
]
