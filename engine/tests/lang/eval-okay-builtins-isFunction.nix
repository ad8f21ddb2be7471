[
  (builtins.isFunction (x: x))
  (builtins.isFunction ({ a }: a))
  (builtins.isFunction builtins.map)
  (builtins.isFunction (builtins.map (x: x)))
  (builtins.isFunction { __functor = self: x: x; })
  (builtins.isFunction 1)
  (builtins.isFunction null)
]
