builtins.hasContext null
