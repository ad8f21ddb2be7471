# compareVersions: -1, 0, 1; nixpkgs-style ordering ("pre" sorts before everything,
# numbers > strings, missing components < present ones).
let
  c = builtins.compareVersions;
in
[
  (c "1.0" "2.3")
  (c "2.1" "2.3")
  (c "2.3" "2.3")
  (c "2.5" "2.3")
  (c "3.1" "2.3")
  (c "2.3.1" "2.3")
  (c "2.3.1" "2.3a")
  (c "2.3pre1" "2.3")
  (c "2.3pre3" "2.3pre12")
  (c "2.3a" "2.3c")
  (c "2.3pre1" "2.3c")
  (c "2.3pre1" "2.3q")
  (c "2.0-rc1" "2.0")
  (c "2.0-rc1" "2.0-rc2")
  (c "1.2pre3" "1.2")
  (c "1.2pre3" "1.2.0")
  (c "1.0" "1.0.0")
  (c "1" "1.0")
  (c "10" "9")
  (c "1.10" "1.9")
  (c "a" "b")
  (c "alpha" "1")
  (c "" "")
  (c "" "1")
  (c "2024-01-02" "2024-01-10")
  (c "1.0pre" "1.0")
  (c "1.0-pre" "1.0-alpha")
  (c "01" "1")
  (c "1.0beta" "1.0alpha")
  (c "unstable-2021" "1.0")
]
