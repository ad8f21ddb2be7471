# list.optionals.
let std = import ../composer/compose.nix { } ../../std; in
[
  (std.list.optionals true [ 1 2 ])
  (std.list.optionals false [ 1 2 ])
  (std.list.optionals false (throw "not forced"))
]
