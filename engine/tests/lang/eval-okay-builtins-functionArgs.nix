[
  (builtins.functionArgs ({ a, b ? 1, ... }: a))
  (builtins.functionArgs ({ }: 1))
  (builtins.functionArgs (x: x))
  (builtins.functionArgs (args@{ x, y ? x }: x))
  (builtins.functionArgs builtins.map)
  (builtins.functionArgs (builtins.add 1))
]
