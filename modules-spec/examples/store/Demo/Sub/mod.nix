{
  Path = "${mod}";
  Listing = builtins.attrNames (builtins.readDir "${mod}");
}
