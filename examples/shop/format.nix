# Private: format an amount in cents, e.g. 1234 -> "12.34 EUR".
cents:
let
  whole = cents / 100;
  frac = cents - whole * 100;
in
"${toString whole}.${if frac < 10 then "0" else ""}${toString frac} ${mod.currency}"
