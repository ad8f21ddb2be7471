# list.range: inclusive integer range.
let std = import ../composer/compose.nix { } ../../std; in
[
  (std.list.range 2 5)
  (std.list.range 3 3)
  (std.list.range 5 2)
  (std.list.range (-2) 1)
]
