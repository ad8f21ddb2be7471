let x = 1; y = 1; f = 1; a = 1; in
assert false && ({ a.b = 1; a.c = 2; z = rec { b = 1; }; z.c = 2; "if" = 3; }); 1
