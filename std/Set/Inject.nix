/**
  Put a value at an attribute path inside a set, creating the intermediate
  sets that are missing and keeping every other attribute. An intermediate
  value that is not a set is replaced by a set. With the empty path the
  result is the value itself.

  # Example

  ```nix
  set.inject [ "a" "b" ] 1 { a.c = 2; d = 3; }
  => { a = { b = 1; c = 2; }; d = 3; }
  ```

  # Type

  ```
  set.inject :: [String] -> a -> AttrSet -> AttrSet
  ```

  # Arguments

  path
  : The attribute path, a list of names.

  value
  : The value to put there.

  set
  : The set to put it in.
*/
let
  go =
    path: value: set:
    if path == [ ] then
      value
    else
      let
        name = std.head path;
        inner = if set ? ${name} && std.isAttrs set.${name} then set.${name} else { };
      in
      set // { ${name} = go (std.tail path) value inner; };
in
go
