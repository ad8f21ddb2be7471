builtins.fetchurl "file://@FX@/hello.txt"
