# Top-level unique (same as list.unique).
let std = import ../composer/compose.nix { } ../../std; in
[ (std.unique [ 1 2 1 3 2 ]) ]
