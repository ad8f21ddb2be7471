# string.hasPrefix.
let std = import ../composer/compose.nix { } ../../std; in
[
  (std.string.hasPrefix "foo" "foobar")
  (std.string.hasPrefix "bar" "foobar")
  (std.string.hasPrefix "" "x")
  (std.string.hasPrefix "longer" "long")
  (std.string.hasPrefix "same" "same")
]
