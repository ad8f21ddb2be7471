# The left operand of // is checked to be a set before the right one is evaluated.
1 // (throw "the right operand is not evaluated")
