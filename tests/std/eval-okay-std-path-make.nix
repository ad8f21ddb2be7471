# path.make: join components with a slash.
let std = import ../composer/compose.nix { } ../../std; in
{
  basic = std.path.make [ "a" "b" "c.json" ];
  skipEmpty = std.path.make [ "a" "" "b" ];
  absolute = std.path.make [ "" "nix" "store" ];
  single = std.path.make [ "x" ];
  onlyEmpty = std.path.make [ "" ];
  trailingEmpty = std.path.make [ "a" "" ];
  none = std.path.make [ ];
  pathValue = std.path.make [ /etc "hosts" ];
  withOutPath = std.path.make [ { outPath = "/out"; } "bin" ];
  context =
    let
      p = std.path.make [ (builtins.toFile "x" "y") "z" ];
    in
    builtins.hasContext p;
}
