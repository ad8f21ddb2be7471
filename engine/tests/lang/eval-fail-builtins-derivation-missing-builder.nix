(derivation { name = "nb"; system = "x86_64-linux"; }).drvPath
