# The version starts at the first "-" followed by a non-letter.
[
  (builtins.parseDrvName "hello-2.10")
  (builtins.parseDrvName "nix-2.26.3")
  (builtins.parseDrvName "foo")
  (builtins.parseDrvName "foo-bar-1.2pre3")
  (builtins.parseDrvName "python3.11-requests-2.31.0")
  (builtins.parseDrvName "gcc-wrapper-13.2.0")
  (builtins.parseDrvName "foo-bar")
  (builtins.parseDrvName "foo-1.0-rc1")
  (builtins.parseDrvName "x-")
  (builtins.parseDrvName "")
  (builtins.parseDrvName "-1.0")
  (builtins.parseDrvName "foo-unstable-2021-01-01")
  (builtins.parseDrvName "openssl-3.0.12-bin")
  (builtins.parseDrvName "foo--1")
]
