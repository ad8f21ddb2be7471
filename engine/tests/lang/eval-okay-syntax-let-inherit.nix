let s = { a = 5; }; inherit (s) a; in a
