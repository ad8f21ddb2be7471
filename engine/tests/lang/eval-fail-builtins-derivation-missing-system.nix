(derivation { name = "ns"; builder = "/bin/sh"; }).outPath
