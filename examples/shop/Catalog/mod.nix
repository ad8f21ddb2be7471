/**
  The products on sale, read from `products.json`.
*/
{
  # Public: the products keyed by SKU.
  /** The products keyed by SKU. */
  Products = builtins.listToAttrs (
    map (p: {
      name = p.sku;
      value = p;
    }) mod.items
  );
  /** How many products there are. */
  Count = builtins.length mod.items;
}
