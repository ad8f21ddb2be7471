builtins.filterSource (p: t: true) ./fixtures/nope
