let d = { type = "derivation"; outPath = "/x"; a = 1; }; e = { type = "derivation"; outPath = "/x"; a = 2; }; in d == e
