builtins.fetchTarball { url = "file://@FX@/p.tar.gz"; name = "pkg"; }
