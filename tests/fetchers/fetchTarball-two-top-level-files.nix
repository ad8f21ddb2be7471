builtins.fetchTarball "file://@FX@/multi.tar.gz"
