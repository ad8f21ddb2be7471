# Top-level range (same as list.range).
let std = import ../composer/compose.nix { } ../../std; in
[ (std.range 1 4) (std.range 1 0) ]
