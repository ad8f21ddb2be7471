# Convert every algorithm's hash of "hello\n" between every encoding.
let
  formats = [ "base16" "nix32" "base32" "base64" "sri" ];
  forAlgo = algo:
    let
      h16 = builtins.hashString algo "hello\n";
      conv = toHashFormat: builtins.convertHash { hash = h16; hashAlgo = algo; inherit toHashFormat; };
      all = builtins.listToAttrs (builtins.map (f: { name = f; value = conv f; }) formats);
      # converting back from every encoding gives the same base16
      back = builtins.map (f: builtins.convertHash { hash = all.${f}; hashAlgo = algo; toHashFormat = "base16"; }) formats;
    in
    all // { roundtrip = builtins.all (x: x == h16) back; };
in
builtins.listToAttrs (builtins.map (a: { name = a; value = forAlgo a; }) [ "md5" "sha1" "sha256" "sha512" ])
