# A number ends at a leading zero.
builtins.fromJSON "012"
