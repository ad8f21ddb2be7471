# set.genAttrs: a set from names.
let std = import ../composer/compose.nix { } ../../std; in
{
  basic = std.set.genAttrs [ "a" "b" ] (n: n + n);
  empty = std.set.genAttrs [ ] (n: n);
  dup = std.set.genAttrs [ "a" "a" ] (n: n);
}
