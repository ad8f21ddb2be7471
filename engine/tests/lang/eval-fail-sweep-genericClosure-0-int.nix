builtins.genericClosure 1
