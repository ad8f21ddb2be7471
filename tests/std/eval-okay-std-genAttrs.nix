# Top-level genAttrs (same as set.genAttrs).
let std = import ../composer/compose.nix { } ../../std; in
[ (std.genAttrs [ "x" "y" ] (n: n + "!")) ]
