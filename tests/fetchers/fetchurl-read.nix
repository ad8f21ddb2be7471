builtins.readFile (builtins.fetchurl "file://@FX@/hello.txt")
