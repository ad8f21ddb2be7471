# The filter sees absolute paths (strings) and types for every entry; directories
# are visited before their children.
let
  root = toString ./fixtures/dir;
  seen = builtins.path {
    path = ./fixtures/dir;
    name = "seen";
    filter = p: t: builtins.trace "${builtins.substring (builtins.stringLength root) 1000 p} ${t}" true;
  };
in
seen
