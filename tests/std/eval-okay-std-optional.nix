# Top-level optional (same as list.optional).
let std = import ../composer/compose.nix { } ../../std; in
[ (std.optional true 1) (std.optional false 1) ]
