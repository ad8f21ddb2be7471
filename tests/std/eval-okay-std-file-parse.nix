# file.parse: base name split into name and extension.
let std = import ../composer/compose.nix { } ../../std; in
{
  nix = std.file.parse "foo.nix";
  multi = std.file.parse "archive.tar.gz";
  dir = std.file.parse "src/lib/mod.nix";
  none = std.file.parse "README";
  hidden = std.file.parse ".gitignore";
  hiddenExt = std.file.parse ".config.toml";
  trailingDot = std.file.parse "weird.";
  path = std.file.parse /some/dir/data.json;
}
