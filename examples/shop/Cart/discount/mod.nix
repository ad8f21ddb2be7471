# A private submodule (lowercase directory): the cart sees its public
# view as `mod.discount`; it is not in the atom's public view.
{
  Percent = if pre.subtotal >= 1000 then 10 else 0;
  Amount = pre.subtotal * mod.percent / 100;
}
