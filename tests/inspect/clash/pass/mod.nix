{
  Foo = 1;
}
