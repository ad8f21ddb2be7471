assert { type = "derivation"; outPath = "a"; x = 1; } == { type = "derivation"; outPath = "b"; y = 1; }; 1
