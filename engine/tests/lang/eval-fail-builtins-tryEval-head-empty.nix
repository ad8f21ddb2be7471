# Builtin errors (here: head of an empty list) are not caught by tryEval.
builtins.tryEval (builtins.head [ ])
