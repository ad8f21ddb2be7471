{ X = mod.add { a = 1; b = 2; }; }
