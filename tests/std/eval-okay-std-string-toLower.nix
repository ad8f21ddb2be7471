# string.toLower: alias of toLowerCase.
let std = import ../composer/compose.nix { } ../../std; in
[
  (std.string.toLower "FooBar")
  (std.string.toLower "already lower")
]
