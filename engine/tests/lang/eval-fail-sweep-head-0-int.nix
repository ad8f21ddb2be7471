builtins.head 1
