{
  # Public: the products keyed by SKU.
  Products = builtins.listToAttrs (
    map (p: {
      name = p.sku;
      value = p;
    }) mod.items
  );
  Count = builtins.length mod.items;
}
