builtins.getEnv null
