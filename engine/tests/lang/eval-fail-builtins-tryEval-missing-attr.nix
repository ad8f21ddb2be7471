# Missing attributes are not caught by tryEval either.
builtins.tryEval { a = 1; }.b
