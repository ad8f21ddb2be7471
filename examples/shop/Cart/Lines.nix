# Each cart line joined with the catalog, reached through the public view.
map (
  l:
  let
    product = atom.catalog.products.${l.sku};
  in
  {
    inherit (l) sku qty;
    inherit (product) name;
    amount = l.qty * product.price;
  }
) mod.raw.line
