# A public `Foo` next to a private `foo` (here `foo.nix`) is not a clash:
# `mod.foo` is the private one, and the public view exports `Foo` as `foo`.
{
  Foo = 1;
  Seen = mod.foo;
}
