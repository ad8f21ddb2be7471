# set.mapAttrsToList: attributes to a list, in name order.
let std = import ../composer/compose.nix { } ../../std; in
{
  basic = std.set.mapAttrsToList (n: v: "${n}=${toString v}") { b = 2; a = 1; };
  empty = std.set.mapAttrsToList (n: v: v) { };
}
