# Patterns as nixpkgs uses them with match and split.
let
  escapeRegex = builtins.replaceStrings
    [ "\\" "[" "{" "(" ")" "^" "$" "?" "*" "+" "|" "." ]
    [ "\\\\" "\\[" "\\{" "\\(" "\\)" "\\^" "\\$" "\\?" "\\*" "\\+" "\\|" "\\." ];
  splitString = sep: s: builtins.filter builtins.isString (builtins.split (escapeRegex sep) s);
  versionParts = v: builtins.match "([0-9]+)\\.([0-9]+)(\\.([0-9]+))?(.*)" v;
in
{
  splitPath = builtins.match "([^/]*)/(.*)" "nixpkgs/pkgs/top-level";
  trim = builtins.match "[[:space:]]*([^[:space:]].*[^[:space:]]|[^[:space:]])[[:space:]]*" " \t x y \n";
  blank = builtins.match "[[:space:]]*" " \t\n";
  version = builtins.match "([0-9]+)\\.([0-9]+)" "24.05";
  versions = map versionParts [ "1.2" "1.2.3" "10.0.1-rc1" "x" ];
  commas = builtins.split "(,)" "a,b,,c";
  splitStrings = [ (splitString "." "a.b.c") (splitString "+" "c++") (splitString "[" "a[b") (splitString "::" "x::y::z") ];
  storePath = builtins.match "/nix/store/([a-z0-9]{32})-(.*)" "/nix/store/0123456789abcdfghijklmnpqrsvwxyz0-hello-2.12";
  drvName = builtins.match "(.*)-([0-9].*)" "hello-world-2.12.1";
  hasPrefixRe = builtins.match "foo.*" "foobar" != null;
  isStorePathLike = builtins.match "^/.*" "/etc" != null;
  optionPath = builtins.split "\\." "services.nginx.enable";
  lines = builtins.filter builtins.isString (builtins.split "\n" "one\ntwo\n\nthree");
  words = builtins.filter (x: builtins.isString x && x != "") (builtins.split "[[:space:]]+" "  lots   of\twords ");
  semver = builtins.match "(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-([0-9A-Za-z.-]+))?" "1.0.0-alpha.1";
  url = builtins.match "(https?)://([^/:]+)(:([0-9]+))?(/.*)?" "https://example.org:8080/a/b";
  identifier = builtins.match "[a-zA-Z_][a-zA-Z0-9_'-]*" "foo'-bar";
  hexHash = builtins.match "[0-9a-f]{64}" "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  sri = builtins.match "(sha256|sha512)-([A-Za-z0-9+/=]+)" "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  envVar = builtins.split "\\$\\{([A-Za-z_]+)}" "x=\${HOME}/\${USER}";
  caseInsensitive = builtins.match "[Nn][Ii][Xx]" "NiX";
}
