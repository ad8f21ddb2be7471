# A lambda's position in a message, several lines into the file (found
# through the file's line table).
let
  pad = [
    1
    2
  ];
  f =
    x:
    x + 1;
in
"${f}"
