builtins.readDir ./fixtures/a.txt
