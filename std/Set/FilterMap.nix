/**
  Map every attribute of a set and drop those mapped to `null`.
  `f` receives the name and the value; whatever it returns is kept under
  the same name, unless it is `null`. Forcing the result's attribute names
  forces every `f name value` (to compare it with `null`).

  # Example

  ```nix
  set.filterMap (n: v: if v > 1 then v * 10 else null) { a = 1; b = 2; c = 3; }
  => { b = 20; c = 30; }
  ```

  # Type

  ```
  set.filterMap :: (String -> a -> b | Null) -> AttrSet -> AttrSet
  ```

  # Arguments

  f
  : Called as `f name value`; `null` drops the attribute.

  set
  : The set to map.
*/
f: set:
std.listToAttrs (
  std.concatMap (
    name:
    let
      value = f name set.${name};
    in
    if value == null then [ ] else [ { inherit name value; } ]
  ) (std.attrNames set)
)
