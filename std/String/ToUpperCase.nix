/**
  Convert ASCII lowercase letters to uppercase. Other characters, including
  non-ASCII letters, are unchanged. The string context is kept.

  # Example

  ```nix
  string.toUpperCase "Hello"
  => "HELLO"
  ```

  # Type

  ```
  string.toUpperCase :: String -> String
  ```

  # Arguments

  s
  : The string to convert.
*/
std.replaceStrings mod.lower mod.upper
