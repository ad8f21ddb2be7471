# A float literal too large for a double is invalid.
1.0e309
