/**
  A one-element list if the condition holds, else the empty list.

  # Example

  ```nix
  list.optional true "x" ++ list.optional false "y"
  => [ "x" ]
  ```

  # Type

  ```
  list.optional :: Bool -> a -> [a]
  ```

  # Arguments

  cond
  : Whether to include the element.

  x
  : The element.
*/
cond: x: if cond then [ x ] else [ ]
