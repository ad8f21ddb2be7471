# set.filterMap: map, dropping attributes mapped to null.
let std = import ../composer/compose.nix { } ../../std; in
{
  keep = std.set.filterMap (n: v: if v > 1 then v * 10 else null) { a = 1; b = 2; c = 3; };
  names = std.set.filterMap (n: v: if n == "x" then null else n + v) { x = "1"; y = "2"; };
  empty = std.set.filterMap (n: v: v) { };
  allNull = std.set.filterMap (n: v: null) { a = 1; };
  lazy = (std.set.filterMap (n: v: { inherit v; }) { a = throw "not forced"; b = 2; }).b;
}
