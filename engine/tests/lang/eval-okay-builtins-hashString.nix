# hashString returns lowercase base16.
builtins.listToAttrs (builtins.map (t: {
  name = t;
  value = [
    (builtins.hashString t "")
    (builtins.hashString t "hello\n")
    (builtins.hashString t "The quick brown fox jumps over the lazy dog")
    (builtins.hashString t "unicode é 日本")
  ];
}) [ "md5" "sha1" "sha256" "sha512" ])
