# split: each match is the leftmost-longest one (POSIX), its groups those of
# the first path in priority order with that extent; empty matches step as
# std::regex_iterator does.
[
  (builtins.split "a|ab" "abc")
  (builtins.split "(a|ab)(c|bcd)(d*)" "abcd")
  (builtins.split "(a|ab)(c|bcd)" "xabcdx")
  (builtins.split "x|y*" "xyyx")
  (builtins.split "(a|b)*c" "ababcxc")
  (builtins.split "x*?" "axb")
  (builtins.split "(a*)*" "b")
  (builtins.split "a*" "aaa")
  (builtins.split ".*" "ab")
  (builtins.split "b*" "abbc")
  (builtins.split "" "")
  (builtins.split "^a" "aa")
  (builtins.split "a$" "aa")
  (builtins.split "^|b" "ab")
  (builtins.split "$" "ab")
  (builtins.split "^" "abc")
  (builtins.split "(b)|(c)" "abcbc")
  (builtins.split "(a)(b)?" "aab")
  (builtins.split "(.)" "é")
  # No match: the string itself, context included.
  (builtins.getContext (builtins.head (builtins.split "QQ" "${builtins.toFile "f" "a"}")))
  (builtins.getContext (builtins.head (builtins.split "-" "${builtins.toFile "f" "a"}")))
]
