# list.optional.
let std = import ../composer/compose.nix { } ../../std; in
[
  (std.list.optional true "x" ++ std.list.optional false "y")
  (std.list.optional false (throw "not forced"))
]
