builtins.fetchTree { type = "tarball"; url = "file://@FX@/p.tar.gz"; }
