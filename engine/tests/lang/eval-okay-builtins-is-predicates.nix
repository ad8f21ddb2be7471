# Every is* predicate against one value of every type.
let
  values = {
    int = 1;
    float = 1.0;
    string = "s";
    path = ./.;
    bool = true;
    null = null;
    list = [ ];
    set = { };
    lambda = x: x;
    primop = builtins.add;
    primop-app = builtins.add 1;
  };
  preds = {
    inherit (builtins) isAttrs isBool isFloat isFunction isInt isList isNull isPath isString;
  };
in
builtins.mapAttrs (pn: p: builtins.mapAttrs (vn: v: p v) values) preds
