{ "then" = 1; "then" = 2; }
