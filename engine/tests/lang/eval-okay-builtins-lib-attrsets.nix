let
  genAttrs = names: f: builtins.listToAttrs (map (n: { name = n; value = f n; }) names);
  mapAttrsToList = f: attrs: map (n: f n attrs.${n}) (builtins.attrNames attrs);
  filterAttrs = pred: set: builtins.listToAttrs (builtins.concatMap (name: let v = set.${name}; in if pred name v then [ { inherit name; value = v; } ] else [ ]) (builtins.attrNames set));
  recursiveUpdate = lhs: rhs:
    builtins.zipAttrsWith (n: vs:
      if builtins.length vs == 1 then builtins.head vs
      else if builtins.all builtins.isAttrs vs then recursiveUpdate (builtins.elemAt vs 0) (builtins.elemAt vs 1)
      else builtins.elemAt vs 1) [ lhs rhs ];
  attrByPath = path: default: set:
    if path == [ ] then set
    else let h = builtins.head path; in if set ? ${h} then attrByPath (builtins.tail path) default set.${h} else default;
  setAttrByPath = path: value: if path == [ ] then value else { ${builtins.head path} = setAttrByPath (builtins.tail path) value; };
  collect = pred: v: if pred v then [ v ] else if builtins.isAttrs v then builtins.concatMap (collect pred) (builtins.attrValues v) else [ ];
  zipAttrs = builtins.zipAttrsWith (n: vs: vs);
  foldAttrs = op: nul: list_of_attrs:
    builtins.foldl' (a: n: a // builtins.mapAttrs (name: v: op v (a.${name} or nul)) n) { } (builtins.sort (a: b: false) list_of_attrs);
  mapAttrsRecursive = f: set:
    let recurse = path: builtins.mapAttrs (name: value: if builtins.isAttrs value then recurse (path ++ [ name ]) value else f (path ++ [ name ]) value); in recurse [ ] set;
  optionalAttrs = c: s: if c then s else { };
  cartesianProduct = attrsOfLists:
    builtins.foldl' (listOfAttrs: attrName:
      builtins.concatMap (attrs: map (v: attrs // { ${attrName} = v; }) attrsOfLists.${attrName}) listOfAttrs) [ { } ] (builtins.attrNames attrsOfLists);
in
{
  genAttrs = genAttrs [ "x86_64-linux" "aarch64-darwin" ] (s: "pkgs-${s}");
  mapAttrsToList = mapAttrsToList (n: v: "${n}=${toString v}") { b = 2; a = 1; };
  filterAttrs = filterAttrs (n: v: v > 1) { a = 1; b = 2; c = 3; };
  recursiveUpdate = recursiveUpdate { a = { b = 1; c = 2; }; d = 3; } { a = { c = 20; e = 5; }; d = { x = 1; }; };
  attrByPath = [ (attrByPath [ "a" "b" ] "dflt" { a.b = "found"; }) (attrByPath [ "a" "x" ] "dflt" { a.b = 1; }) ];
  setAttrByPath = setAttrByPath [ "services" "nginx" "enable" ] true;
  collect = collect builtins.isString { a = "x"; b = { c = "y"; d = 1; }; e = [ "list ignored" ]; };
  zipAttrs = zipAttrs [ { a = 1; } { a = 2; b = 3; } ];
  foldAttrs = foldAttrs (x: acc: [ x ] ++ acc) [ ] [ { a = 1; } { a = 2; b = 3; } ];
  mapAttrsRecursive = mapAttrsRecursive (path: v: builtins.concatStringsSep "." path) { a = { b = 1; }; c = 2; };
  optionalAttrs = [ (optionalAttrs true { x = 1; }) (optionalAttrs false { x = 1; }) ];
  cartesianProduct = cartesianProduct { os = [ "linux" "darwin" ]; arch = [ "x86_64" "aarch64" ]; };
}
