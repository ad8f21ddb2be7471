/**
  Remove duplicate elements (by `==`), keeping the first occurrence of
  each, in order. Quadratic in the length of the list.

  # Example

  ```nix
  list.unique [ 3 1 3 2 1 ]
  => [ 3 1 2 ]
  ```

  # Type

  ```
  list.unique :: [a] -> [a]
  ```

  # Arguments

  list
  : The list to deduplicate.
*/
list: std.foldl' (acc: x: if std.elem x acc then acc else acc ++ [ x ]) [ ] list
