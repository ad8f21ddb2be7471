# A left operand of + that is not a number, string or path is coerced to a
# string before the right operand is evaluated.
[ ] + throw "the right operand is not evaluated"
