with { map = 1; }; builtins.typeOf map
