builtins.convertHash { hash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; hashAlgo = "sha1"; toHashFormat = "base16"; }
