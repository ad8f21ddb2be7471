{
  # std functions ...
  Merged = std.set.merge { a.x = 1; } { a.y = 2; };
  Lower = std.string.toLowerCase "ABC";
  Parsed = std.file.parse "x.tar.gz";
  # ... over the pure builtins.
  Len = std.length [ 1 2 3 ];
  # `std.path` is std's set and also callable as builtins.path.
  PathMake = std.path.make [ "a" "b" ];
  PathCall = builtins.baseNameOf (std.path { path = "${mod}/data.txt"; name = "copy"; });
  PathIsSet = builtins.isAttrs std.path;
  # `builtins` is the same value as `std`, and has no `builtins` itself.
  BuiltinsHasStd = builtins ? set && builtins ? fix;
  BuiltinsIsStd = builtins == std;
  NoBuiltinsBuiltins = !(builtins ? builtins);
  # Top-level builtins are untouched.
  TopLevel = map toString [ 1 2 ];
}
