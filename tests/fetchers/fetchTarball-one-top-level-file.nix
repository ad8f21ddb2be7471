builtins.fetchTarball "file://@FX@/singlefile.tar.gz"
