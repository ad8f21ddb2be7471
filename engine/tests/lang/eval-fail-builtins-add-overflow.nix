# Integer overflow is an evaluation error, not wrap-around.
builtins.add 9223372036854775807 1
