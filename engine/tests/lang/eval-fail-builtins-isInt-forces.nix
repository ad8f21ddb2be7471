builtins.isInt (throw "is* predicates force their argument")
