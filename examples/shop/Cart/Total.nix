# Subtotal minus the discount, plus tax from the manifest.
let
  net = mod.subtotal - mod.discount.amount;
in
net + net * cfg.shop.taxPercent / 100
