# Rendered from the root's data file templates/header.txt ("${pre}").
/**
  The receipt as text: a header, then one line per cart line.
*/
let
  header = builtins.readFile "${pre}/templates/header.txt";
  line = l: "${l.name} x${toString l.qty}: ${pre.format l.amount}\n";
in
header
+ std.concatMapStrings line mod.lines
+ "${mod.discount.label}: -${pre.format mod.discount.amount}\n"
+ "total: ${pre.format mod.total}\n"
