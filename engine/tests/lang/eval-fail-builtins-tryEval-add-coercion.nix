# The coercion error of + comes before the right operand's throw, and tryEval
# does not catch it.
builtins.tryEval ({ } + throw "caught")
