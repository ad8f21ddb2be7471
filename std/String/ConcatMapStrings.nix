/**
  Map a function over a list and concatenate the resulting strings.

  # Example

  ```nix
  string.concatMapStrings (x: x + ";") [ "a" "b" ]
  => "a;b;"
  ```

  # Type

  ```
  string.concatMapStrings :: (a -> String) -> [a] -> String
  ```

  # Arguments

  f
  : Turns each element into a string.

  list
  : The list to map.
*/
f: list: std.concatStringsSep "" (map f list)
