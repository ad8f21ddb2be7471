[
  (builtins.warn "a warning" 1)
  (builtins.warn "another" { x = "y"; })
  (builtins.tryEval (builtins.warn "w" 2))
]
