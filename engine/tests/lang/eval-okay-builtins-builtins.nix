# `builtins` is itself an attribute of builtins; some builtins are also in the global scope.
[
  (builtins.typeOf builtins)
  (builtins.builtins ? map)
  (builtins.length (builtins.attrNames builtins))
  (map == builtins.map)
  (toString == builtins.toString)
  (builtins.isFunction import)
  (builtins.isFunction derivation)
  (builtins.isFunction baseNameOf)
  (builtins.isFunction removeAttrs)
  (builtins.isFunction placeholder)
  (builtins.isFunction fetchTarball)
  (builtins.isFunction scopedImport)
  (builtins.isFunction dirOf)
  (builtins.isFunction isNull)
  (builtins.isFunction throw)
  (builtins.isFunction abort)
]
