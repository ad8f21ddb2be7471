/**
  Map a function over a list, also passing each element's index, counted
  from 0.

  # Example

  ```nix
  list.imap (i: x: "${toString i}:${x}") [ "a" "b" ]
  => [ "0:a" "1:b" ]
  ```

  # Type

  ```
  list.imap :: (Int -> a -> b) -> [a] -> [b]
  ```

  # Arguments

  f
  : Called as `f index element`.

  list
  : The list to map.
*/
f: list: std.genList (i: f i (std.elemAt list i)) (std.length list)
