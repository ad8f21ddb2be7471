/**
  The cart: its lines, subtotal, discount and total.
*/
{
  # Private: the raw cart, read with std.path.make.
  raw = builtins.fromTOML (builtins.readFile (std.path.make [ mod "cart.toml" ]));
  /** The sum of the lines, in cents. */
  Subtotal = builtins.foldl' (sum: l: sum + l.amount) 0 mod.lines;
  /** Lines above 5.00, by product name, formatted (with std.set.filterMap). */
  Large = std.set.filterMap (_: amount: if amount > 500 then pre.format amount else null) (
    builtins.listToAttrs (
      map (l: {
        inherit (l) name;
        value = l.amount;
      }) mod.lines
    )
  );
}
