{
  Foo = 1;
  FooBar = 2;
  ABC = 3;
  lower = 4;
  _Under = 5;
  "9Lives" = 6;
  "Éclair" = 7;
  "Z" = 8;
  # What the module sees: everything, public names lowercased.
  names = builtins.filter (n: n != "outPath") (builtins.attrNames mod);
  ModNames = mod.names;
}
