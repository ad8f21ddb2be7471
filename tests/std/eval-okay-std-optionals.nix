# Top-level optionals (same as list.optionals).
let std = import ../composer/compose.nix { } ../../std; in
[ (std.optionals true [ 1 2 ]) (std.optionals false [ 1 ]) ]
