builtins.fetchTarball "file://@FX@/p.tar.gz"
