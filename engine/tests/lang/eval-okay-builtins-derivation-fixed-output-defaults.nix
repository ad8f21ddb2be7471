let
  show = d: { inherit (d) drvPath outPath; };
  base = { name = "fodd"; system = "x86_64-linux"; builder = "/bin/sh"; };
in
[
  # outputHashAlgo defaults to being taken from the SRI hash; mode defaults to flat
  (show (derivation (base // { outputHash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; })))
  (show (derivation (base // { outputHash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; outputHashMode = "flat"; })))
  (show (derivation (base // { outputHash = "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM="; outputHashAlgo = "sha256"; })))
  # "sha256:" prefixed form
  (show (derivation (base // { outputHash = "sha256:00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq"; })))
  # md5 is accepted for flat fixed outputs
  (show (derivation (base // { outputHash = "b1946ac92492d2347c6235b4d2611184"; outputHashAlgo = "md5"; })))
  # empty outputHashAlgo with SRI
  (show (derivation (base // { outputHash = "sha512-58IrmUxZ2c8rSOVJseJGZmNgRZMNPafBrLKZ0cO3+TH5Sq5B7dosKyB6NuEPi8uNRSI+VIePWzFufOO2vAGWKQ=="; outputHashAlgo = null; })))
]
