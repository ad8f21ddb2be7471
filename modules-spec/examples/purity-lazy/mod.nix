# Forbidden names only fail when forced.
{
  Mentioned = let unused = import; in "fine";
  InList = builtins.length [ import __fetchurl __currentSystem ];
  HasImport = builtins ? import;
  StdHasImport = std ? import;
  Tried = builtins.tryEval __currentSystem;
}
