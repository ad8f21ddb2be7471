# An SRI hash carries its algorithm, so hashAlgo may be omitted.
[
  (builtins.convertHash { hash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; toHashFormat = "base16"; })
  (builtins.convertHash { hash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; toHashFormat = "nix32"; })
  (builtins.convertHash { hash = "sha1-8yR9WZ9tR7HD5bZCkY5FI0bDjTg="; toHashFormat = "base16"; })
  (builtins.convertHash { hash = "md5-sZRqySSS0jR8YjW00mERhA=="; toHashFormat = "sri"; })
  (builtins.convertHash { hash = "sha256:0yqpzfjsjvb2s8dq6kgzf9y8fcnnbdnb6rzm32gcfqzrv8r6z8w8"; toHashFormat = "sri"; })
  (builtins.convertHash { hash = "sha256:WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; toHashFormat = "base16"; })
]
