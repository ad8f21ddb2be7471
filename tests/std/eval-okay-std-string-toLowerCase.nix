# string.toLowerCase: ASCII lowercase.
let std = import ../composer/compose.nix { } ../../std; in
{
  basic = std.string.toLowerCase "Hello, WORLD";
  nonAscii = std.string.toLowerCase "ÉCOLE école";
  empty = std.string.toLowerCase "";
  context = builtins.hasContext (std.string.toLowerCase "${builtins.toFile "x" "y"}");
}
