builtins.hashFile "sha256" ./fixtures/dir
