{ a.b.c = 1; a."x" ]
