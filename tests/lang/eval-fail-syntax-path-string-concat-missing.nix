builtins.typeOf ("/x" + ./y)
