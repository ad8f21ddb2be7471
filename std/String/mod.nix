# Functions on strings.
let
  upper = [ "A" "B" "C" "D" "E" "F" "G" "H" "I" "J" "K" "L" "M" "N" "O" "P" "Q" "R" "S" "T" "U" "V" "W" "X" "Y" "Z" ];
  lower = [ "a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l" "m" "n" "o" "p" "q" "r" "s" "t" "u" "v" "w" "x" "y" "z" ];
in
{
  # Private tables, shared by the case functions.
  inherit upper lower;

  /**
    Same value as `string.toLowerCase`.

    # Example

    ```nix
    string.toLower "FooBar"
    => "foobar"
    ```

    # Type

    ```
    string.toLower :: String -> String
    ```
  */
  ToLower = mod.toLowerCase;

  /**
    Same value as `string.toUpperCase`.

    # Example

    ```nix
    string.toUpper "FooBar"
    => "FOOBAR"
    ```

    # Type

    ```
    string.toUpper :: String -> String
    ```
  */
  ToUpper = mod.toUpperCase;
}
