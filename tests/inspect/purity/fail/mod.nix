{
  Pkgs = fetchTarball "https://example.org/x.tar.gz";
}
