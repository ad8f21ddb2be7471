# string.hasSuffix.
let std = import ../composer/compose.nix { } ../../std; in
[
  (std.string.hasSuffix ".nix" "mod.nix")
  (std.string.hasSuffix ".nix" "mod.toml")
  (std.string.hasSuffix "" "x")
  (std.string.hasSuffix "longer" "er")
  (std.string.hasSuffix "same" "same")
]
