# builtins.replaceStrings over 300,000 generated strings, with several
# patterns (including one that grows the string and one that deletes):
# measures string building, pattern matching and string-context handling.
let
  n = 300000;
  strs = builtins.genList (i: "item-${toString i}-of-the-bench.nix") n;
  rep = builtins.replaceStrings [ "-" "item" ".nix" "e" ] [ "_" "ITEM" "" "ee" ];
  out = map rep strs;
in
{
  total = builtins.foldl' (acc: s: acc + builtins.stringLength s) 0 out;
  sample = builtins.elemAt out 12345;
  last = builtins.elemAt out (n - 1);
}
