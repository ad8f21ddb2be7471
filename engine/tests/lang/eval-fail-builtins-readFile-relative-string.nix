builtins.readFile "fixtures/a.txt"
