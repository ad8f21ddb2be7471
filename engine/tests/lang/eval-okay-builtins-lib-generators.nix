# generators-like serialisers built on builtins.
let
  toKeyValue = attrs: builtins.concatStringsSep "" (map (k: "${k}=${mkValue attrs.${k}}\n") (builtins.attrNames attrs));
  mkValue = v:
    if builtins.isBool v then (if v then "true" else "false")
    else if builtins.isList v then builtins.concatStringsSep "," (map mkValue v)
    else toString v;
  toINI = sections: builtins.concatStringsSep "\n" (map (s: "[${s}]\n${toKeyValue sections.${s}}") (builtins.attrNames sections));
  toPretty = indent: v:
    if builtins.isAttrs v then
      "{\n" + builtins.concatStringsSep "" (map (k: "${indent}  ${k} = ${toPretty "${indent}  " v.${k}};\n") (builtins.attrNames v)) + "${indent}}"
    else if builtins.isList v then "[ " + builtins.concatStringsSep " " (map (toPretty indent) v) + " ]"
    else if builtins.isString v then builtins.toJSON v
    else if v == null then "null"
    else if builtins.isBool v then (if v then "true" else "false")
    else toString v;
  cfg = { main = { port = 8080; debug = false; hosts = [ "a" "b" ]; }; extra = { ratio = 0.5; name = "x y"; }; };
in
{
  kv = toKeyValue cfg.main;
  ini = toINI cfg;
  pretty = toPretty "" cfg;
  json = builtins.toJSON cfg;
  xmlLength = builtins.stringLength (builtins.toXML cfg);
}
