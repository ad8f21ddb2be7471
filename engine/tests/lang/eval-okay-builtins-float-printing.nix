# exp-json
# The --eval printer uses 6 significant digits (%g-like); --json and toJSON keep full precision.
[
  1.0
  1.5
  0.1
  (0.1 + 0.2)
  (1.0 / 3)
  123456.0
  1234567.0
  0.0001
  0.00001
  1.0e10
  (-2.5)
  3.14159265
  (2.0 * 1.0e15)
  (builtins.div 10 4.0)
]
