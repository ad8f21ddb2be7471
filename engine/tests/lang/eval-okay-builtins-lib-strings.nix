# nixpkgs-style string helpers built only on builtins.
let
  splitString = sep: s: builtins.filter builtins.isString (builtins.split (escapeRegex sep) s);
  escapeRegex = builtins.replaceStrings
    [ "\\" "[" "]" "(" ")" "{" "^" "$" "." "*" "+" "?" "|" ]
    [ "\\\\" "\\[" "\\]" "\\(" "\\)" "\\{" "\\^" "\\$" "\\." "\\*" "\\+" "\\?" "\\|" ];
  hasPrefix = p: s: builtins.substring 0 (builtins.stringLength p) s == p;
  hasSuffix = suf: s:
    let ls = builtins.stringLength s; lsuf = builtins.stringLength suf;
    in ls >= lsuf && builtins.substring (ls - lsuf) lsuf s == suf;
  removePrefix = p: s: if hasPrefix p s then builtins.substring (builtins.stringLength p) (-1) s else s;
  removeSuffix = suf: s:
    if hasSuffix suf s then builtins.substring 0 (builtins.stringLength s - builtins.stringLength suf) s else s;
  concatMapStrings = f: l: builtins.concatStringsSep "" (map f l);
  concatMapStringsSep = sep: f: l: builtins.concatStringsSep sep (map f l);
  stringToCharacters = s: builtins.genList (i: builtins.substring i 1 s) (builtins.stringLength s);
  lowerChars = stringToCharacters "abcdefghijklmnopqrstuvwxyz";
  upperChars = stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  toUpper = builtins.replaceStrings lowerChars upperChars;
  toLower = builtins.replaceStrings upperChars lowerChars;
  escapeShellArg = a: "'${builtins.replaceStrings [ "'" ] [ "'\\''" ] (toString a)}'";
  trim = s: let m = builtins.match "[[:space:]]*(.*[^[:space:]])[[:space:]]*" s; in if m == null then "" else builtins.head m;
  optionalString = c: s: if c then s else "";
  fixedWidthString = width: filler: str:
    let strw = builtins.stringLength str; in
    if strw >= width then str else fixedWidthString width filler (filler + str);
  intersperse = sep: l: builtins.tail (builtins.concatMap (x: [ sep x ]) l ++ [ ]);
in
{
  split = [ (splitString "." "a.b.c") (splitString "," "") (splitString ", " "x, y,z") (splitString "/" "/usr/bin/") ];
  prefix = [ (hasPrefix "foo" "foobar") (hasPrefix "bar" "foobar") (hasPrefix "" "x") ];
  suffix = [ (hasSuffix ".nix" "default.nix") (hasSuffix "x" "") (hasSuffix "" "") ];
  remove = [ (removePrefix "/nix/" "/nix/store") (removeSuffix ".tar.gz" "src.tar.gz") (removePrefix "x" "abc") ];
  concat = [ (concatMapStrings (x: "<${x}>") [ "a" "b" ]) (concatMapStringsSep ", " toString [ 1 2 3 ]) ];
  chars = stringToCharacters "héllo";
  case = [ (toUpper "Hello, World!") (toLower "NixOS 24.05") ];
  shell = [ (escapeShellArg "it's") (escapeShellArg 42) ];
  trim = [ (trim "  padded\t\n") (trim "   ") (trim "x") ];
  optional = [ (optionalString true "yes") (optionalString false "no") ];
  width = [ (fixedWidthString 5 "0" "42") (fixedWidthString 2 " " "long") ];
  intersperse = intersperse "," [ "a" "b" "c" ];
}
