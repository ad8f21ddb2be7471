builtins.lessThan false true
