builtins.listToAttrs (builtins.map (t: {
  name = t;
  value = [
    (builtins.hashFile t ./fixtures/a.txt)
    (builtins.hashFile t ./fixtures/empty.txt)
    (builtins.hashFile t (toString ./fixtures/dir/b.txt))
    (builtins.hashFile t ./fixtures/a.txt == builtins.hashString t "hello\n")
  ];
}) [ "md5" "sha1" "sha256" "sha512" ])
