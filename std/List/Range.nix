/**
  The list of integers from `first` to `last`, both included; empty when
  `first` is greater than `last`.

  # Example

  ```nix
  list.range 2 5
  => [ 2 3 4 5 ]
  ```

  # Type

  ```
  list.range :: Int -> Int -> [Int]
  ```

  # Arguments

  first
  : The first integer.

  last
  : The last integer.
*/
first: last: if first > last then [ ] else std.genList (n: first + n) (last - first + 1)
