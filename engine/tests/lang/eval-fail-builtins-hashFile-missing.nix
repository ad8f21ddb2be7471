builtins.hashFile "sha256" ./fixtures/does-not-exist
