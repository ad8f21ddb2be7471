# Rendered from the root's data file templates/header.txt ("${pre}").
let
  header = builtins.readFile "${pre}/templates/header.txt";
  line = l: "${l.name} x${toString l.qty}: ${pre.format l.amount}\n";
in
header
+ std.concatMapStrings line mod.lines
+ "${mod.discount.label}: -${pre.format mod.discount.amount}\n"
+ "total: ${pre.format mod.total}\n"
