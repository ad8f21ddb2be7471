# A start whose low 32 bits are past the end, and an empty substring of a
# string, give "" as C++ Nix does.
[ (builtins.substring 4294967299 1 "abc") (builtins.substring 4294967296 0 "abc") (builtins.substring 4 1 "abc") ]
