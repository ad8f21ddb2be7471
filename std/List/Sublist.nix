/**
  The `count` elements of a list starting at index `start` (from 0), or
  fewer if the list ends first. A negative `start` or `count` counts as 0.

  # Example

  ```nix
  list.sublist 1 2 [ "a" "b" "c" "d" ]
  => [ "b" "c" ]
  list.sublist 3 5 [ "a" "b" "c" "d" ]
  => [ "d" ]
  ```

  # Type

  ```
  list.sublist :: Int -> Int -> [a] -> [a]
  ```

  # Arguments

  start
  : Index of the first element taken.

  count
  : How many elements to take at most.

  list
  : The list to take them from.
*/
start: count: list:
let
  len = std.length list;
  from = if start < 0 then 0 else start;
  want = if count < 0 then 0 else count;
  n =
    if from >= len then
      0
    else if from + want > len then
      len - from
    else
      want;
in
std.genList (i: std.elemAt list (from + i)) n
