builtins.hashFile "sha256" "fixtures/a.txt"
