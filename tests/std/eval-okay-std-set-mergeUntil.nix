# set.mergeUntil: recursive merge that stops where the predicate says.
let std = import ../composer/compose.nix { } ../../std; in
{
  stopAtB = std.set.mergeUntil (path: l: r: path == [ "b" ]) { a.x = 1; b.x = 1; } { a.y = 2; b.y = 2; };
  depth1 = std.set.mergeUntil (path: l: r: builtins.length path > 1) { a.b.c = 1; a.d = 1; } { a.b.e = 2; };
  never = std.set.mergeUntil (path: l: r: false) { a.b.c = 1; } { a.b.d = 2; };
  always = std.set.mergeUntil (path: l: r: true) { a.b = 1; c = 1; } { a.d = 2; };
  stopAtPath = std.set.mergeUntil (path: l: r: path == [ "a" "b" ]) { a.b.c = 1; a.x = 1; } { a.b.d = 2; a.y = 2; };
}
