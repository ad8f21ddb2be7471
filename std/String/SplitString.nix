/**
  Split a string at every occurrence of a literal separator (not a
  regular expression). The result always has one more element than there
  are occurrences, so separators at the ends give empty strings. Every
  piece keeps the string context of the input. The separator must not be
  empty.

  # Example

  ```nix
  string.splitString "." "a.b..c"
  => [ "a" "b" "" "c" ]
  ```

  # Type

  ```
  string.splitString :: String -> String -> [String]
  ```

  # Arguments

  sep
  : The separator.

  s
  : The string to split.
*/
let
  special = [ "\\" "[" "]" "{" "}" "(" ")" "^" "$" "?" "*" "+" "|" "." ];
  escapeRegex = std.replaceStrings special (map (c: "\\" + c) special);
in
sep: s:
if sep == "" then
  throw "string.splitString: the separator must not be empty"
else
  let
    # `split` drops the context; put the input's back on every piece.
    context = std.substring 0 0 s;
  in
  map (piece: context + piece) (std.filter std.isString (std.split (escapeRegex sep) s))
