/**
  The given set if the condition holds, else the empty set. Handy with `//`.

  # Example

  ```nix
  { a = 1; } // set.when false { b = 2; }
  => { a = 1; }
  ```

  # Type

  ```
  set.when :: Bool -> AttrSet -> AttrSet
  ```

  # Arguments

  cond
  : Whether to keep the set.

  set
  : The set returned when `cond` is true.
*/
cond: set: if cond then set else { }
