# trace prints to stderr (not compared) and returns its second argument.
[
  (builtins.trace "message" 1)
  (builtins.trace { a = 1; } "value")
  (builtins.trace [ 1 2 ] null)
  (builtins.trace "nested" (builtins.trace "inner" [ ]))
]
