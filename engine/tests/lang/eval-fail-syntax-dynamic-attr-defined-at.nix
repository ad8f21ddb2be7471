# A dynamic attribute that repeats a static one says where that one is.
{ "${"a"}" = 1; a = 2; }
