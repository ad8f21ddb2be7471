{
  # "${mod}": the module directory in the store, without its .nix files
  # and without its submodule directories; data directories are whole.
  Path = "${mod}";
  Listing = builtins.attrNames (builtins.readDir "${mod}");
  DataListing = builtins.attrNames (builtins.readDir "${mod}/assets");
  Text = builtins.readFile "${mod}/assets/hello.txt";
  SubPath = mod.sub.path;
  SubListing = mod.sub.listing;
}
