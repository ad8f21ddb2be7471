# Top-level hasSuffix (same as string.hasSuffix).
let std = import ../composer/compose.nix { } ../../std; in
[ (std.hasSuffix "bc" "abc") (std.hasSuffix "b" "abc") ]
