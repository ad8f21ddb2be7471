# The whole std API: every public name and each submodule's names.
let std = import ../composer/compose.nix { } ../../std; in
builtins.mapAttrs (n: v: if builtins.isAttrs v then builtins.attrNames v else builtins.typeOf v) std
