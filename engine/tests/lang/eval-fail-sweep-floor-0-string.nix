builtins.floor "s"
