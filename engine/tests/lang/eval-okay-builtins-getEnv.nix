[
  (builtins.getEnv "ATOM_EVAL_SURELY_UNSET")
  (builtins.getEnv "")
  (builtins.typeOf (builtins.getEnv "HOME"))
]
