# set.inject: put a value at an attribute path.
let std = import ../composer/compose.nix { } ../../std; in
{
  deep = std.set.inject [ "a" "b" ] 1 { a.c = 2; d = 3; };
  top = std.set.inject [ "x" ] 5 { x = 1; y = 2; };
  fresh = std.set.inject [ "p" "q" "r" ] true { };
  replaceNonSet = std.set.inject [ "a" "b" ] 1 { a = 7; };
  emptyPath = std.set.inject [ ] 42 { a = 1; };
}
