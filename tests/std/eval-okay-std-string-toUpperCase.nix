# string.toUpperCase: ASCII uppercase.
let std = import ../composer/compose.nix { } ../../std; in
[
  (std.string.toUpperCase "Hello, world")
  (std.string.toUpperCase "école")
]
