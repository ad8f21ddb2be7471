# string.splitString: split at a literal separator.
let std = import ../composer/compose.nix { } ../../std; in
{
  basic = std.string.splitString "." "a.b..c";
  multi = std.string.splitString "::" "x::y::z";
  regexChars = std.string.splitString "+*" "a+*b+*c";
  ends = std.string.splitString "/" "/a/";
  none = std.string.splitString "," "abc";
  empty = std.string.splitString "," "";
  context = map builtins.hasContext (std.string.splitString "/" "${builtins.toFile "x" "y"}/a");
  emptySep = builtins.tryEval (std.string.splitString "" "abc");
}
