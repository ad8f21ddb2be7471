{
  Value = 1;
  secret = 2;
  Up = pre.greeting;
}
