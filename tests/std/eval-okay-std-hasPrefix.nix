# Top-level hasPrefix (same as string.hasPrefix).
let std = import ../composer/compose.nix { } ../../std; in
[ (std.hasPrefix "ab" "abc") (std.hasPrefix "b" "abc") ]
