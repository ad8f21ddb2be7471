# Builds a 200,000-key attribute set with listToAttrs and queries it:
# attrNames, hasAttr and many dynamic-key lookups. Measures attribute set
# construction (sorting/dedup of keys), string interpolation of keys and
# lookup speed.
let
  n = 200000;
  key = i: "k${toString i}";
  set = builtins.listToAttrs (
    builtins.genList (i: {
      name = key i;
      value = i * 3;
    }) n
  );
  names = builtins.attrNames set;
  # Look up every key (by name), plus a stride of keys that are absent.
  lookups = builtins.foldl' (acc: i: acc + set.${key i}) 0 (builtins.genList (i: i) n);
  present = builtins.length (
    builtins.filter (i: builtins.hasAttr (key i) set) (builtins.genList (i: i * 2) n)
  );
in
{
  count = builtins.length names;
  first = builtins.head names;
  inherit lookups present;
  missing = set.k999999 or (-1);
}
