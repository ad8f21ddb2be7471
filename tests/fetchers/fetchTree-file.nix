builtins.fetchTree { type = "file"; url = "file://@FX@/hello.txt"; }
