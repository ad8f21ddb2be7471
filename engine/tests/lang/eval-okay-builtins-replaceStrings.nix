[
  (builtins.replaceStrings [ "a" ] [ "b" ] "banana")
  (builtins.replaceStrings [ "an" "a" ] [ "AN" "A" ] "banana")
  (builtins.replaceStrings [ "a" "an" ] [ "A" "AN" ] "banana")
  (builtins.replaceStrings [ ] [ ] "unchanged")
  (builtins.replaceStrings [ "x" ] [ "y" ] "")
  # empty pattern matches between every character and at both ends
  (builtins.replaceStrings [ "" ] [ "-" ] "abc")
  (builtins.replaceStrings [ "" ] [ "-" ] "")
  (builtins.replaceStrings [ "b" "" ] [ "B" "_" ] "abc")
  # replacements are not rescanned
  (builtins.replaceStrings [ "a" ] [ "aa" ] "aaa")
  (builtins.replaceStrings [ "oo" ] [ "0" ] "foooo")
  (builtins.replaceStrings [ "\n" "\t" ] [ "\\n" "\\t" ] "a\nb\tc")
  (builtins.replaceStrings [ "ab" "b" ] [ "" "X" ] "abb")
  # replacement values are only forced when used
  (builtins.replaceStrings [ "a" "b" ] [ "1" (throw "not forced") ] "aaa")
]
