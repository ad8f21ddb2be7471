builtins.fetchurl { url = "file://@FX@/hello.txt"; name = "h"; sha256 = "00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq"; }
