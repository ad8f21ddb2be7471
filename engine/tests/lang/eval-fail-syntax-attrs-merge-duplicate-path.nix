# A duplicate inside merged set literals is named by its whole path.
{ x.a = { b = { c = 1; }; }; x.a = { b = { c = 2; }; }; }
