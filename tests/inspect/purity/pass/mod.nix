{
  # A local binding shadows the scope name.
  Value = let import = x: x + 1; in import 1;
  HasImport = builtins ? import;
}
