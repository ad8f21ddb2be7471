builtins.fromTOML "a = \"\\e\""
