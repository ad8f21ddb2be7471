# list.unique: drop duplicates, keep first occurrences.
let std = import ../composer/compose.nix { } ../../std; in
[
  (std.list.unique [ 3 1 3 2 1 ])
  (std.list.unique [ ])
  (std.list.unique [ "a" "a" { x = 1; } { x = 1; } [ ] [ ] ])
]
