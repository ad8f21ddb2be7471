{
  Greeting = "${mod.hello} from ${mod.place}";
  place = "scope-mod";
  # `mod` has private and public names (lowercased), plus outPath.
  ModNames = builtins.attrNames mod;
  IsStorePath = builtins.substring 0 11 mod.outPath == "/nix/store/";
}
