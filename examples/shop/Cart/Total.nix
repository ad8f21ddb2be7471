# Subtotal minus the discount, plus tax from the manifest.
/**
  What the cart costs, in cents: subtotal minus discount, plus tax.
*/
let
  net = mod.subtotal - mod.discount.amount;
in
net + net * cfg.shop.taxPercent / 100
