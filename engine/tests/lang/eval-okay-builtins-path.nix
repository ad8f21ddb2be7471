# builtins.path: store paths depend on name, contents, filter result and method.
[
  (builtins.path { path = ./fixtures/a.txt; })
  (builtins.path { path = ./fixtures/a.txt; name = "renamed"; })
  (builtins.path { path = ./fixtures/filter-src; })
  (builtins.path { path = ./fixtures/filter-src; name = "src"; })
  (builtins.path { path = ./fixtures/filter-src; filter = path: type: type == "directory" || builtins.match ".*\\.txt" path != null; })
  (builtins.path { path = ./fixtures/filter-src; filter = path: type: type != "directory"; name = "top-only"; })
  (builtins.path { path = ./fixtures/a.txt; recursive = false; })
  (builtins.path { path = ./fixtures/a.txt; recursive = false; sha256 = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"; })
  (builtins.path { path = ./fixtures/a.txt; recursive = false; sha256 = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; })
  (builtins.path { path = toString ./fixtures/a.txt; })
  (builtins.getContext (builtins.path { path = ./fixtures/a.txt; }))
  (builtins.typeOf (builtins.path { path = ./fixtures/a.txt; }))
  ("${./fixtures/a.txt}" == builtins.path { path = ./fixtures/a.txt; })
]
