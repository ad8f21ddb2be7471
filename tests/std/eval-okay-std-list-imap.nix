# list.imap: map with 0-based index.
let std = import ../composer/compose.nix { } ../../std; in
[
  (std.list.imap (i: x: "${toString i}:${x}") [ "a" "b" "c" ])
  (std.list.imap (i: x: i * x) [ 5 5 5 ])
  (std.list.imap (i: x: x) [ ])
]
