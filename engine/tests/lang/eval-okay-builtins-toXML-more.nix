# toXML corners: float layout (%g), escapes in values and names, patterns
# with both a name and an ellipsis, fake derivations, string context.
let
  f = builtins.toFile "f" "x";
in
[
  (builtins.toXML [ 0.00001 123456.7 1.0e15 (-2.5) 100.0 ])
  (builtins.toXML { "a\"<&>\n" = "tab\there\r\nend"; })
  (builtins.toXML (args@{ z, a ? 1, ... }: a))
  (builtins.toXML [ (builtins.add 1) builtins.map ])
  (builtins.toXML { type = "derivation"; drvPath = 1; outPath = "/out"; x = 1; })
  (builtins.toXML { type = "derivation"; name = "no-paths"; })
  (builtins.toXML [ { type = "derivation"; drvPath = "/d.drv"; a = 1; } { type = "derivation"; drvPath = "/d.drv"; b = 2; } ])
  (builtins.getContext (builtins.toXML { p = "${f}"; }))
  (builtins.toXML [ [ [ ] ] { a = { }; } ])
]
