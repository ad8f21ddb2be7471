# list.sublist: a slice by start and count.
let std = import ../composer/compose.nix { } ../../std; in
{
  mid = std.list.sublist 1 2 [ "a" "b" "c" "d" ];
  pastEnd = std.list.sublist 3 5 [ "a" "b" "c" "d" ];
  startOut = std.list.sublist 9 1 [ "a" ];
  zero = std.list.sublist 0 0 [ 1 2 ];
  negative = std.list.sublist (-2) 2 [ 1 2 3 ];
  negCount = std.list.sublist 1 (-1) [ 1 2 3 ];
  all = std.list.sublist 0 3 [ 1 2 3 ];
}
