# check-position
# An overflowing sum points at its right operand, parentheses included.
1 + 4611686018427387904 + (4611686018427387904)
