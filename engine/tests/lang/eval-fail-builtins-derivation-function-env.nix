(derivation { name = "x"; system = "x86_64-linux"; builder = "/bin/sh"; f = x: x; }).drvPath
