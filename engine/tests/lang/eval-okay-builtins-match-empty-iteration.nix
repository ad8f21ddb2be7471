# A group repeated by * or + whose inside can match empty ends with one
# more, empty, iteration in libstdc++, so it captures "".
[
  (builtins.match "(a*)+" "aa")
  (builtins.match "(a*)*" "aa")
  (builtins.match "(a?)+" "a")
  (builtins.match "(a*)+b" "aab")
  (builtins.match "(a|b*)+" "ab")
  (builtins.match "(a|)*b" "aab")
  (builtins.match "(a*)+?" "aa")
  (builtins.match "x(a*)*" "x")
  (builtins.match "(a*)*" "")
  (builtins.match "(a+)+" "aa")
  (builtins.match "(^a*)+" "aa")
  (builtins.match "((a)|b)+" "ab")
  (builtins.split "(a*)+" "xaay")
  (builtins.split "(a|)+" "aab")
]
