let
  versionOlder = a: b: builtins.compareVersions b a == 1;
  versionAtLeast = a: b: !(versionOlder a b);
  components = builtins.splitVersion;
  major = v: builtins.elemAt (components v) 0;
  minor = v: builtins.elemAt (components v) 1;
  patch = v: builtins.elemAt (components v) 2;
  majorMinor = v: "${major v}.${minor v}";
  getVersion = x: (builtins.parseDrvName (x.name or x)).version;
  getName = x: (builtins.parseDrvName (x.name or x)).name;
  sortVersions = builtins.sort (a: b: builtins.compareVersions a b < 0);
  latest = l: builtins.head (builtins.sort (a: b: builtins.compareVersions a b > 0) l);
in
{
  older = [ (versionOlder "1.2" "1.10") (versionOlder "2.0" "2.0") (versionOlder "2.0pre1" "2.0") (versionOlder "2.0-rc1" "2.0") ];
  atLeast = [ (versionAtLeast "24.05" "23.11") (versionAtLeast "1.0" "1.0.0") ];
  parts = [ (major "3.12.1") (minor "3.12.1") (patch "3.12.1") (majorMinor "2.26.3") ];
  names = [ (getVersion "openssl-3.0.12") (getName "openssl-3.0.12") (getVersion { name = "hello-2.12.1"; }) ];
  sorted = sortVersions [ "1.10" "1.9" "1.2pre3" "1.2" "1.2.1" "2.0-rc1" "2.0" "1.0alpha" "1.0" ];
  latest = latest [ "0.9" "1.0pre" "1.0" "0.10" ];
}
