{
  Fine = 1;
}
