{
  secret = "root secret";
  Depth = 0;
}
