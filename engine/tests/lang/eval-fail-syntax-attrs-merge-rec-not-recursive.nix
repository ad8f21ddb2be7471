# Merged into a set made by `a.c`, the bindings of `rec { }` are not recursive.
{ a.c = 2; a = rec { b = 1; d = b; }; }
