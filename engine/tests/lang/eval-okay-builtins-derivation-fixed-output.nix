# Fixed-output derivations: the outPath depends only on name, mode and hash,
# while the drvPath depends on everything.
let
  contents = "hello\n";
  h = algo: builtins.hashString algo contents;
  conv = algo: fmt: builtins.convertHash { hash = h algo; hashAlgo = algo; toHashFormat = fmt; };
  fod = mode: algo: fmt: extra: derivation ({
    name = "fod";
    system = "x86_64-linux";
    builder = "/bin/sh";
    outputHashMode = mode;
    outputHash = conv algo fmt;
  } // (if fmt == "sri" then { } else { outputHashAlgo = algo; }) // extra);
  show = d: { inherit (d) drvPath outPath; };
  cases = builtins.concatMap (mode:
    builtins.concatMap (algo:
      builtins.map (fmt: {
        name = "${mode}-${algo}-${fmt}";
        value = show (fod mode algo fmt { });
      }) [ "base16" "nix32" "base64" "sri" ]
    ) [ "sha1" "sha256" "sha512" ]
  ) [ "flat" "recursive" ];
in
builtins.listToAttrs cases
