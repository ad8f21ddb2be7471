builtins.fromJSON "   "
