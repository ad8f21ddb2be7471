# Special attributes that only affect the environment / drv (not errors).
let
  show = d: { inherit (d) drvPath outPath; };
  base = { name = "special"; system = "x86_64-linux"; builder = "/bin/sh"; };
in
[
  (show (derivation (base // { allowedReferences = [ ]; })))
  (show (derivation (base // { preferLocalBuild = true; allowSubstitutes = false; })))
  (show (derivation (base // { impureEnvVars = [ "http_proxy" ]; })))
  (show (derivation (base // { passAsFile = [ "text" ]; text = "hello"; })))
  (show (derivation (base // { __contentAddressed = false; })))
  (show (derivation (base // { requiredSystemFeatures = [ "kvm" ]; })))
  (show (derivation (base // { __noChroot = true; })))
]
