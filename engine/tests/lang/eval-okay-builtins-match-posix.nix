# match: libstdc++'s dialect of POSIX extended regexes, as C++ Nix compiles
# them (std::regex::extended), over bytes.
[
  # Only . [ \ ( ) * + ? { | ^ $ may be escaped; } and ] alone are literals.
  (builtins.match "\\.\\[\\\\\\(\\)\\*\\+\\?\\{\\|\\^\\$" ".[\\()*+?{|^$")
  (builtins.match "a}]" "a}]")
  # Bracket expressions: ] first and - first or last are literals, a
  # backslash is literal, classes are ASCII (C locale).
  (builtins.match "[]a]+" "]a]")
  (builtins.match "[^]a]" "b")
  (builtins.match "[a-]+" "a-")
  (builtins.match "[-a]+" "-a")
  (builtins.match "[--0]+" "-./0")
  (builtins.match "[\\.]+" "\\.")
  (builtins.match "[[]" "[")
  (builtins.match "[[:ALPHA:]]+" "aZ")
  (builtins.match "[[:w:]]+" "a_1")
  (builtins.match "[[:d:]][[:s:]]" "5 ")
  (builtins.match "[[:alnum:]]" "_")
  (builtins.match "[[:punct:]]+" "_!~")
  (builtins.match "[[:graph:]]" " ")
  (builtins.match "[[:print:]]" " ")
  (builtins.match "[[:blank:]]+" " \t")
  (builtins.match "[[:xdigit:]]+" "09afAF")
  (builtins.match "[[:alpha:]]" "é")
  # Collating elements and equivalence classes take POSIX names; an
  # equivalence class ignores case.
  (builtins.match "[[.hyphen.]][[.space.]][[.a.]]" "- a")
  (builtins.match "[[.left-curly-bracket.]]" "{")
  (builtins.match "[[=a=]]+" "aA")
  # Bytes, not characters: é is two.
  (builtins.match "." "é")
  (builtins.match ".." "é")
  (builtins.match "[^a][^a]" "é")
  # No lazy quantifiers: they stack instead.
  (builtins.match "(a*?)(a*)" "aaa")
  (builtins.match "a+?" "aa")
  (builtins.match "a**" "aa")
  (builtins.match "a{2}{2}" "aaaa")
  (builtins.match "a{1,}" "aaa")
  (builtins.match "a{0}" "")
  (builtins.match "(a){0}" "")
  (builtins.match "(a){0,1}b" "b")
  # Empty alternatives and groups.
  (builtins.match "()" "")
  (builtins.match "a||b" "")
  (builtins.match "(|a)" "")
  # ^ and $ only at the ends of the string.
  (builtins.match "a^b" "ab")
  (builtins.match "a$b" "ab")
  (builtins.match "(^a)" "a")
  (builtins.match "^^a$$" "a")
  (builtins.match "a$" "a\n")
  # Groups: those that did not take part are null; a repeated group keeps
  # its last iteration, and groups inside it keep their last value.
  (builtins.match "(a)|b" "b")
  (builtins.match "(a)*" "aa")
  (builtins.match "((a)|b)*" "ab")
  (builtins.match "((a)|b)+" "ba")
  (builtins.match "(a|(b))+" "ba")
  (builtins.match "(x(y)?)+" "xyx")
  (builtins.match "(a*)*" "")
  (builtins.match "(a*)+" "")
  # Leftmost-longest is about the whole match; groups are those of the first
  # path (in priority order) that matches the whole string.
  (builtins.match "(a|ab)(c|bcd)(d*)" "abcd")
  (builtins.match "(a|ab)(bc|c)" "abc")
  (builtins.match "(a*)(a*)" "aaa")
  (builtins.match "(a|ab)*(c|bcd)" "abcd")
]
