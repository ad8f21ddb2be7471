# Type errors are not caught by tryEval (only throw / assert).
builtins.tryEval (1 + "a")
