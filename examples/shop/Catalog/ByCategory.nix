/**
  Product names grouped by category.
*/
builtins.mapAttrs (_: ps: map (p: p.name) ps) (builtins.groupBy (p: p.category) mod.items)
