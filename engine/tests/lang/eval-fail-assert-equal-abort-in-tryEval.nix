builtins.tryEval (assert 1 == abort "x"; 2)
