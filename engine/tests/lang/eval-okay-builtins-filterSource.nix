[
  (builtins.filterSource (p: t: true) ./fixtures/filter-src)
  (builtins.filterSource (p: t: baseNameOf p != "drop.log") ./fixtures/filter-src)
  (builtins.filterSource (p: t: t != "directory") ./fixtures/filter-src)
  (builtins.filterSource (p: t: false) ./fixtures/filter-src)
  (builtins.filterSource (p: t: true) ./fixtures/filter-src == builtins.path { path = ./fixtures/filter-src; })
]
