/**
  Convert ASCII uppercase letters to lowercase. Other characters, including
  non-ASCII letters, are unchanged. The string context is kept.

  # Example

  ```nix
  string.toLowerCase "Hello, WORLD é"
  => "hello, world é"
  ```

  # Type

  ```
  string.toLowerCase :: String -> String
  ```

  # Arguments

  s
  : The string to convert.
*/
std.replaceStrings mod.upper mod.lower
