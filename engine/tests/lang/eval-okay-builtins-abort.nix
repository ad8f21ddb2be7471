# abort is an ordinary function: only a forced call aborts.
let
  unused = abort "never forced";
in
[
  (if false then abort "not taken" else "else branch")
  ({ a = 1; b = builtins.abort "lazy attr"; }.a)
  (builtins.typeOf abort)
  (builtins.length [ (abort "lazy element") ])
]
