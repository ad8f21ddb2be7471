# Two FODs with the same hash but different builders share the outPath.
let
  a = derivation { name = "same"; system = "x86_64-linux"; builder = "/bin/sh"; outputHash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; };
  b = derivation { name = "same"; system = "aarch64-linux"; builder = "/bin/bash"; args = [ "x" ]; outputHash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; };
  c = derivation { name = "same"; system = "x86_64-linux"; builder = "/bin/sh"; outputHashMode = "recursive"; outputHash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; };
  user = derivation { name = "user"; system = "x86_64-linux"; builder = "/bin/sh"; src = a; };
  user2 = derivation { name = "user"; system = "x86_64-linux"; builder = "/bin/sh"; src = b; };
in
{
  a = { inherit (a) drvPath outPath; };
  b = { inherit (b) drvPath outPath; };
  c = { inherit (c) drvPath outPath; };
  sameOut = a.outPath == b.outPath;
  # dependents of equivalent FODs get the same outPath (hash modulo FOD), but different drvPaths
  user = { inherit (user) drvPath outPath; };
  user2 = { inherit (user2) drvPath outPath; };
  userSameOut = user.outPath == user2.outPath;
}
