# Values that fit in an unsigned 64-bit integer but not a signed one are rejected.
builtins.fromJSON "9223372036854775808"
