/**
  Build an attribute set from a list of names, computing each value from
  its name. A later duplicate name is ignored (`listToAttrs` keeps the
  first).

  # Example

  ```nix
  set.genAttrs [ "a" "b" ] (n: n + n)
  => { a = "aa"; b = "bb"; }
  ```

  # Type

  ```
  set.genAttrs :: [String] -> (String -> a) -> AttrSet
  ```

  # Arguments

  names
  : The attribute names.

  f
  : Computes the value of each name.
*/
names: f:
std.listToAttrs (
  map (name: {
    inherit name;
    value = f name;
  }) names
)
