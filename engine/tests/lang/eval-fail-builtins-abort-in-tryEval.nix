# abort is not catchable by tryEval
builtins.tryEval (abort "not catchable")
