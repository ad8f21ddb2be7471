/**
  Join path components with `/` into a string. Each component is turned
  into a string with `toString` (so a module such as `mod` gives its store
  path, keeping the string context). Empty components are skipped, except
  the first: `[ "" "a" ]` gives the absolute `"/a"`. Components are not
  otherwise checked or normalised.

  # Example

  ```nix
  path.make [ "a" "" "b" "c.json" ]
  => "a/b/c.json"
  path.make [ "" "etc" "hosts" ]
  => "/etc/hosts"
  path.make [ mod "data.json" ]
  => "/nix/store/...-name/data.json"
  ```

  # Type

  ```
  path.make :: [String | Path | AttrSet] -> String
  ```

  # Arguments

  parts
  : The components, from the outermost.
*/
parts:
if parts == [ ] then
  ""
else
  std.concatStringsSep "/" (
    [ (toString (std.head parts)) ] ++ std.filter (p: p != "") (map toString (std.tail parts))
  )
