(derivation { name = "has space"; system = "x86_64-linux"; builder = "/bin/sh"; }).drvPath
