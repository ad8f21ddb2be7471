{
  Value = 1;
  Up = pre.greeting + pre.uses;
}
