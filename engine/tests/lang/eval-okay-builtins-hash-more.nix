# Hashes drop string context; convertHash accepts any input encoding,
# upper-case base16 and prefixes, and SRI output always names the algorithm.
let
  f = builtins.toFile "f" "hello\n";
in
[
  (builtins.hashString "sha256" "${f}")
  (builtins.hasContext (builtins.hashString "sha256" "${f}"))
  (builtins.convertHash { hash = "B1946AC92492D2347C6235B4D2611184"; hashAlgo = "md5"; toHashFormat = "sri"; })
  (builtins.convertHash { hash = "md5:b1946ac92492d2347c6235b4d2611184"; toHashFormat = "base64"; })
  (builtins.convertHash { hash = "md5:sZRqySSS0jR8YjW00mERhA=="; toHashFormat = "nix32"; })
  (builtins.convertHash { hash = "sha1:iwjz551fyw0cxcjgf4l6c879zabd6wpm"; hashAlgo = "sha1"; toHashFormat = "sri"; })
  (builtins.convertHash { hash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; hashAlgo = "sha256"; toHashFormat = "base64"; })
  (builtins.convertHash { hash = builtins.hashString "sha512" ""; hashAlgo = "sha512"; toHashFormat = "base32"; })
]
