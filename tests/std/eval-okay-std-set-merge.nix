# set.merge: recursive merge, right wins.
let std = import ../composer/compose.nix { } ../../std; in
{
  basic = std.set.merge { a = { x = 1; y = 1; }; b = 1; } { a.y = 2; b = { }; };
  deep = std.set.merge { a.b.c = 1; a.b.d = 1; } { a.b.d = 2; a.e = 3; };
  setOverValue = std.set.merge { a = 1; } { a.b = 2; };
  valueOverSet = std.set.merge { a.b = 2; } { a = 1; };
  lists = std.set.merge { l = [ 1 ]; } { l = [ 2 ]; };
  empty = std.set.merge { } { };
}
