# Top-level splitString (same as string.splitString).
let std = import ../composer/compose.nix { } ../../std; in
[ (std.splitString ", " "a, b, c") ]
