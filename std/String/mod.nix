/**
  Functions on strings.
*/
{
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
