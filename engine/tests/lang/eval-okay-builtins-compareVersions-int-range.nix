# A component is a number only if it fits a 32-bit int; longer ones compare as text.
map (builtins.compareVersions "2147483648") [ "a" "2147483647" "2147483649" "10" ]
++ map (builtins.compareVersions "2147483647") [ "a" "2147483648" "10" ]
++ [ (builtins.compareVersions "1.4294967296" "1.a") (builtins.compareVersions "99999999999999999999" "a") ]
