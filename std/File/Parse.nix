/**
  Parse a file name into its stem and extension. The argument is a string
  or a path; only its base name (the part after the last `/`) is parsed.
  The extension is what follows the last `.`, provided that dot is neither
  the first nor the last character of the base name; otherwise `ext` is
  `null` and `name` is the whole base name.

  # Example

  ```nix
  file.parse "src/archive.tar.gz"
  => { ext = "gz"; name = "archive.tar"; }
  file.parse ".gitignore"
  => { ext = null; name = ".gitignore"; }
  ```

  # Type

  ```
  file.parse :: (String | Path) -> { name :: String; ext :: String | Null; }
  ```

  # Arguments

  file
  : The file name or path to parse.
*/
file:
let
  base = baseNameOf (toString file);
  parts = std.match "(.+)\\.([^.]+)" base;
in
if parts == null then
  {
    name = base;
    ext = null;
  }
else
  {
    name = std.elemAt parts 0;
    ext = std.elemAt parts 1;
  }
