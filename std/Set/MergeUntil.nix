/**
  Merge two sets recursively, the right one winning, and stop descending
  where a predicate says so. Where a name is in both sets, both values are
  sets and `pred path left right` is false, the two values are merged in
  turn; otherwise the right value is taken whole. `path` is the list of
  names leading to the pair being considered.

  # Example

  ```nix
  set.mergeUntil (path: l: r: path == [ "b" ]) { a.x = 1; b.x = 1; } { a.y = 2; b.y = 2; }
  => { a = { x = 1; y = 2; }; b = { y = 2; }; }
  ```

  # Type

  ```
  set.mergeUntil :: ([String] -> AttrSet -> AttrSet -> Bool) -> AttrSet -> AttrSet -> AttrSet
  ```

  # Arguments

  pred
  : Called as `pred path left right` for two sets under the same name; `true` stops the recursion there.

  left
  : The set merged into.

  right
  : The set merged in; its values win.
*/
pred:
let
  go =
    path: left: right:
    left
    // std.mapAttrs (
      name: r:
      let
        p = path ++ [ name ];
      in
      if left ? ${name} && std.isAttrs left.${name} && std.isAttrs r && !(pred p left.${name} r) then
        go p left.${name} r
      else
        r
    ) right;
in
go [ ]
