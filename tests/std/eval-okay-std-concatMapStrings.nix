# Top-level concatMapStrings (same as string.concatMapStrings).
let std = import ../composer/compose.nix { } ../../std; in
[ (std.concatMapStrings (x: "<${x}>") [ "a" "b" ]) ]
