(derivation { name = "x"; system = "x86_64-linux"; builder = "/bin/sh"; __ignoreNulls = "yes"; }).drvPath
