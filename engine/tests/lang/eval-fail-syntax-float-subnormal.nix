# A float literal that is only representable as a subnormal number is invalid.
1.0e-310
