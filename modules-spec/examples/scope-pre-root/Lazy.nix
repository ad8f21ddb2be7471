let
  unused = pre;
in
"never returned"
