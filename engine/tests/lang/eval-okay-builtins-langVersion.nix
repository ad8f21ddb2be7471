[ builtins.langVersion (builtins.typeOf builtins.langVersion) ]
