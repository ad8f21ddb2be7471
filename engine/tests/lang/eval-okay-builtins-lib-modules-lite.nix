# A tiny module-system-like merge: options with types and defaults, configs merged by priority.
let
  mkOption = { default ? null, type ? "any", merge ? (a: b: b) }: { _isOption = true; inherit default type merge; };
  mkDefault = v: { _prio = 1000; value = v; };
  mkForce = v: { _prio = 50; value = v; };
  prioOf = v: if builtins.isAttrs v && v ? _prio then v._prio else 100;
  valueOf = v: if builtins.isAttrs v && v ? _prio then v.value else v;
  options = {
    name = mkOption { default = "unnamed"; type = "str"; };
    port = mkOption { default = 80; type = "int"; };
    tags = mkOption { default = [ ]; type = "list"; merge = a: b: a ++ b; };
  };
  modules = [
    { name = mkDefault "default-name"; tags = [ "a" ]; }
    { port = 8080; tags = [ "b" ]; }
    { port = mkForce 443; name = "explicit"; }
  ];
  evalOption = n: opt:
    let
      defs = builtins.catAttrs n modules;
      best = builtins.foldl' (a: b: if a == null || prioOf b < prioOf a then b else a) null defs;
      highest = builtins.filter (d: prioOf d == prioOf best) defs;
    in
    if defs == [ ] then opt.default
    else builtins.foldl' opt.merge (valueOf (builtins.head highest)) (map valueOf (builtins.tail highest));
  checked = builtins.mapAttrs (n: v:
    let o = options.${n}; t = builtins.typeOf v; in
    if o.type == "any" || (o.type == "str" && t == "string") || o.type == t then v
    else throw "option ${n} has wrong type ${t}") (builtins.mapAttrs evalOption options);
in
checked
