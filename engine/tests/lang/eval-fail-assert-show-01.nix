let x = 1; y = 1; g = 1; a = 1; in
assert false && (rec { a = 1; inherit (x) b c; inherit g y; inherit (y) f; ${"x"} = 2; ${x} = 3; "a b" = 4; }); 1
