/**
  Whether a string ends with a suffix. The empty suffix is always there.

  # Example

  ```nix
  string.hasSuffix ".nix" "mod.nix"
  => true
  ```

  # Type

  ```
  string.hasSuffix :: String -> String -> Bool
  ```

  # Arguments

  suffix
  : The suffix to look for.

  s
  : The string to look in.
*/
suffix: s:
let
  ls = std.stringLength s;
  lx = std.stringLength suffix;
in
lx <= ls && std.substring (ls - lx) lx s == suffix
