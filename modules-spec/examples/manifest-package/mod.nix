{
  Manifest = cfg;
}
