# Each cart line joined with the catalog, reached through the public view.
/**
  The cart's lines, each with its product's name, quantity and amount in cents.
*/
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
