{
  Value = 1 +;
}
