{
  Value = 1 + mod.bad;
}
