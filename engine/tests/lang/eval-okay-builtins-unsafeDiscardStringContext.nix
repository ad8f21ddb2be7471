let
  d = derivation { name = "ctx"; system = "x86_64-linux"; builder = "/bin/sh"; };
  s = builtins.unsafeDiscardStringContext "prefix ${d}";
in
[
  s
  (builtins.getContext s)
  (builtins.unsafeDiscardStringContext "plain")
  # string equality ignores context
  (s == "prefix ${d}")
]
