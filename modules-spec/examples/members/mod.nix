# Members: Alpha.nix, beta.nix and the submodule Sub/; not members:
# notes.txt (data), data/ (no mod.nix), weird.nix.txt, Dir.nix/ (a directory).
{
  Names = builtins.attrNames mod;
}
