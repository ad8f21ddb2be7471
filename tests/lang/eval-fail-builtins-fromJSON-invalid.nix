builtins.fromJSON "{ invalid }"
