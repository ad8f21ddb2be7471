# The root of std. Submodules hold the functions by topic (file, list,
# path, set, string); the everyday nixpkgs-lib-style helpers are also
# re-exported here at the top level, as the same values.
{
  /**
    Build an attribute set from a list of names, computing each value from its name.
    Same value as `set.genAttrs`.

    # Example

    ```nix
    genAttrs [ "a" "b" ] (n: n + n)
    => { a = "aa"; b = "bb"; }
    ```

    # Type

    ```
    genAttrs :: [String] -> (String -> a) -> AttrSet
    ```
  */
  GenAttrs = mod.set.genAttrs;

  /**
    Map each attribute of a set to a list element, in attribute-name order.
    Same value as `set.mapAttrsToList`.

    # Example

    ```nix
    mapAttrsToList (n: v: "${n}=${toString v}") { b = 2; a = 1; }
    => [ "a=1" "b=2" ]
    ```

    # Type

    ```
    mapAttrsToList :: (String -> a -> b) -> AttrSet -> [b]
    ```
  */
  MapAttrsToList = mod.set.mapAttrsToList;

  /**
    A one-element list if the condition holds, else the empty list.
    Same value as `list.optional`.

    # Example

    ```nix
    optional true "x" ++ optional false "y"
    => [ "x" ]
    ```

    # Type

    ```
    optional :: Bool -> a -> [a]
    ```
  */
  Optional = mod.list.optional;

  /**
    The given list if the condition holds, else the empty list.
    Same value as `list.optionals`.

    # Example

    ```nix
    optionals true [ 1 2 ]
    => [ 1 2 ]
    ```

    # Type

    ```
    optionals :: Bool -> [a] -> [a]
    ```
  */
  Optionals = mod.list.optionals;

  /**
    Map a function over a list and concatenate the resulting strings.
    Same value as `string.concatMapStrings`.

    # Example

    ```nix
    concatMapStrings (x: x + ";") [ "a" "b" ]
    => "a;b;"
    ```

    # Type

    ```
    concatMapStrings :: (a -> String) -> [a] -> String
    ```
  */
  ConcatMapStrings = mod.string.concatMapStrings;

  /**
    Whether a string starts with a prefix. Same value as `string.hasPrefix`.

    # Example

    ```nix
    hasPrefix "foo" "foobar"
    => true
    ```

    # Type

    ```
    hasPrefix :: String -> String -> Bool
    ```
  */
  HasPrefix = mod.string.hasPrefix;

  /**
    Whether a string ends with a suffix. Same value as `string.hasSuffix`.

    # Example

    ```nix
    hasSuffix ".nix" "mod.nix"
    => true
    ```

    # Type

    ```
    hasSuffix :: String -> String -> Bool
    ```
  */
  HasSuffix = mod.string.hasSuffix;

  /**
    Split a string at every occurrence of a literal separator.
    Same value as `string.splitString`.

    # Example

    ```nix
    splitString "." "a.b.c"
    => [ "a" "b" "c" ]
    ```

    # Type

    ```
    splitString :: String -> String -> [String]
    ```
  */
  SplitString = mod.string.splitString;

  /**
    The list of integers from `first` to `last`, both included.
    Same value as `list.range`.

    # Example

    ```nix
    range 2 5
    => [ 2 3 4 5 ]
    ```

    # Type

    ```
    range :: Int -> Int -> [Int]
    ```
  */
  Range = mod.list.range;

  /**
    Remove duplicate elements, keeping the first occurrence of each.
    Same value as `list.unique`.

    # Example

    ```nix
    unique [ 3 1 3 2 1 ]
    => [ 3 1 2 ]
    ```

    # Type

    ```
    unique :: [a] -> [a]
    ```
  */
  Unique = mod.list.unique;
}
