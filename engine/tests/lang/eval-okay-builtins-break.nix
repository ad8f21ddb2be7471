# Outside the debugger, break is the identity.
[
  (builtins.break 1)
  (builtins.break "x")
  (builtins.typeOf builtins.break)
]
