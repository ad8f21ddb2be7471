# The algorithm is checked before the file is read.
builtins.hashFile "sha" ./fixtures/does-not-exist
