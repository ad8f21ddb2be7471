builtins.length "abc"
