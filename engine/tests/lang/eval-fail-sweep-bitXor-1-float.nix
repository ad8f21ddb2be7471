builtins.bitXor 1 1.5
