# Top-level mapAttrsToList (same as set.mapAttrsToList).
let std = import ../composer/compose.nix { } ../../std; in
[ (std.mapAttrsToList (n: v: [ n v ]) { b = 2; a = 1; }) ]
