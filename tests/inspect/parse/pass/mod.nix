{
  Value = 1 + 2;
}
