/**
  Map each attribute of a set to a list element, in attribute-name order.

  # Example

  ```nix
  set.mapAttrsToList (n: v: "${n}=${toString v}") { b = 2; a = 1; }
  => [ "a=1" "b=2" ]
  ```

  # Type

  ```
  set.mapAttrsToList :: (String -> a -> b) -> AttrSet -> [b]
  ```

  # Arguments

  f
  : Called as `f name value`.

  set
  : The set to map.
*/
f: set: map (name: f name set.${name}) (std.attrNames set)
