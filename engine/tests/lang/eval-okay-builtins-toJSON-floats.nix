# exp-json
# toJSON prints floats with full round-trip precision, unlike the --eval printer.
builtins.map builtins.toJSON [ 0.0 (-0.0) 1.0e300 1.0e-300 2.5e10 100.0 1.0e16 1.0e15 0.30000000000000004 1.7976931348623157e308 (0.1 + 0.2) ]
