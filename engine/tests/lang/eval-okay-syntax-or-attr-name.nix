# `or` is printed unquoted as an attribute name.
{ or = 1; "if" = 2; }
