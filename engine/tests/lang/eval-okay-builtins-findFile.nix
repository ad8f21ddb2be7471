let
  sp = [
    { prefix = "x"; path = toString ./fixtures; }
    { prefix = ""; path = toString ./fixtures/dir; }
    { prefix = "imp"; path = toString ./fixtures/import; }
  ];
in
[
  (builtins.findFile sp "x/a.txt")
  (builtins.findFile sp "x")
  (builtins.findFile sp "b.txt")
  (builtins.findFile sp "imp/simple.nix")
  (builtins.findFile [ { prefix = "x"; path = ./fixtures; } ] "x/a.txt")
  (builtins.typeOf (builtins.findFile sp "x/a.txt"))
  # the first entry that has the file wins
  (builtins.findFile [ { prefix = ""; path = toString ./fixtures/dir; } { prefix = ""; path = toString ./fixtures; } ] "sub")
  (builtins.findFile [ { path = toString ./fixtures/dir; } ] "b.txt")
]
