{
  Value = 1;
}
