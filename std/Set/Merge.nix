/**
  Merge two sets recursively, the right one winning: where a name is in
  both and both values are sets, they are merged in turn; otherwise the
  right value wins. It is `set.mergeUntil` with a predicate that never
  stops.

  # Example

  ```nix
  set.merge { a = { x = 1; y = 1; }; b = 1; } { a.y = 2; b = { }; }
  => { a = { x = 1; y = 2; }; b = { }; }
  ```

  # Type

  ```
  set.merge :: AttrSet -> AttrSet -> AttrSet
  ```

  # Arguments

  left
  : The set merged into.

  right
  : The set merged in; its values win.
*/
mod.mergeUntil (_path: _left: _right: false)
