# toFile store paths depend only on name and contents (and referenced store paths).
let
  a = builtins.toFile "a.txt" "hello\n";
  b = builtins.toFile "b.txt" "ref: ${a}";
in
[
  a
  (builtins.toFile "empty" "")
  (builtins.toFile "x" "y")
  b
  (builtins.getContext a)
  (builtins.getContext b)
  (builtins.toFile "unicode" "日本")
  (builtins.toFile "ok-chars_+.?=-" "x")
  (builtins.toFile "script.sh" ''
    #!/bin/sh
    echo hi
  '')
]
