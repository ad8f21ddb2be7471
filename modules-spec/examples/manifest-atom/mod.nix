{
  # The whole parsed manifest is `cfg`.
  Manifest = cfg;
}
