builtins.head { a = 1; }
