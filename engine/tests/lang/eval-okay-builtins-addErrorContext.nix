# Without an error, addErrorContext is the identity.
[
  (builtins.addErrorContext "context" 1)
  (builtins.addErrorContext "context" { a = "x"; })
  (builtins.tryEval (builtins.addErrorContext "ctx" (throw "t")))
]
