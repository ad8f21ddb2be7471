{
  Value = import ./other.nix;
}
