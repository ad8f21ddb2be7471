# string.concatMapStrings.
let std = import ../composer/compose.nix { } ../../std; in
[
  (std.string.concatMapStrings (x: x + ";") [ "a" "b" ])
  (std.string.concatMapStrings toString [ 1 2 3 ])
  (std.string.concatMapStrings (x: x) [ ])
]
