# A float literal whose nonzero digits round to zero is invalid.
1.0e-400
