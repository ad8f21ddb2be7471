/**
  The product names, sorted.
*/
builtins.sort builtins.lessThan (map (p: p.name) mod.items)
