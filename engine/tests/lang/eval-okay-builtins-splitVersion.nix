[
  (builtins.splitVersion "1.2.3")
  (builtins.splitVersion "1.2pre3")
  (builtins.splitVersion "2.0-rc1")
  (builtins.splitVersion "1.0alpha")
  (builtins.splitVersion "")
  (builtins.splitVersion "1..2")
  (builtins.splitVersion "unstable-2021-01-01")
  (builtins.splitVersion "1_2-3.4")
  (builtins.splitVersion "abc")
  (builtins.splitVersion "0.3.0pre123_456")
  (builtins.splitVersion "1.2.3.")
  (builtins.splitVersion ".1")
]
