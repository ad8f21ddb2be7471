/**
  The given list if the condition holds, else the empty list.

  # Example

  ```nix
  list.optionals false [ 1 2 ]
  => [ ]
  ```

  # Type

  ```
  list.optionals :: Bool -> [a] -> [a]
  ```

  # Arguments

  cond
  : Whether to include the elements.

  xs
  : The elements.
*/
cond: xs: if cond then xs else [ ]
