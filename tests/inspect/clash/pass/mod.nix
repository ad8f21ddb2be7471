# The re-export idiom: a public `Foo` next to a private `foo` is no clash.
{
  Foo = mod.foo;
}
