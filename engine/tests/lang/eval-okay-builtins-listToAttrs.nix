# The first occurrence of a name wins; values are not forced.
[
  (builtins.listToAttrs [ { name = "a"; value = 1; } { name = "b"; value = 2; } ])
  (builtins.listToAttrs [ ])
  (builtins.listToAttrs [ { name = "a"; value = "first"; } { name = "a"; value = "second"; } ])
  (builtins.listToAttrs [ { name = "x"; value = throw "not forced"; } ] ? x)
  (builtins.listToAttrs [ { name = "a b"; value = 1; extra = "ignored"; } ])
  (builtins.attrNames (builtins.listToAttrs (builtins.map (n: { name = n; value = null; }) [ "z" "y" "x" ])))
]
