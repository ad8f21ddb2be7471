builtins.appendContext 1 (throw "later")
