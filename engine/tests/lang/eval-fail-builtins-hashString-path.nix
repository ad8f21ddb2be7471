builtins.hashString "sha256" ./fixtures/a.txt
