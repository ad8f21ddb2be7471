builtins.filterSource (p: t: "yes") ./fixtures/filter-src
