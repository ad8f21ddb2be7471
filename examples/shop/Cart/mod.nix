{
  # Private: the raw cart, read with std.path.make.
  raw = builtins.fromTOML (builtins.readFile (std.path.make [ mod "cart.toml" ]));
  Subtotal = builtins.foldl' (sum: l: sum + l.amount) 0 mod.lines;
  # Lines above 5.00, by name (std.set.filterMap).
  Large = std.set.filterMap (_: amount: if amount > 500 then pre.format amount else null) (
    builtins.listToAttrs (
      map (l: {
        inherit (l) name;
        value = l.amount;
      }) mod.lines
    )
  );
}
