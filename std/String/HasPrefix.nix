/**
  Whether a string starts with a prefix. The empty prefix is always there.

  # Example

  ```nix
  string.hasPrefix "foo" "foobar"
  => true
  ```

  # Type

  ```
  string.hasPrefix :: String -> String -> Bool
  ```

  # Arguments

  prefix
  : The prefix to look for.

  s
  : The string to look in.
*/
prefix: s: std.substring 0 (std.stringLength prefix) s == prefix
