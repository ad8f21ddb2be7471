# mod.nix wins over the member file of the same name.
{
  Answer = "from mod.nix";
}
