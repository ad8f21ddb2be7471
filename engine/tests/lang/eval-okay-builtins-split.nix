# split: finds ALL non-overlapping matches; result alternates unmatched strings
# and lists of capture groups.
[
  (builtins.split "(a)b" "abc")
  (builtins.split "([ac])" "abc")
  (builtins.split "(a)|(c)" "abc")
  (builtins.split "([[:upper:]]+)" "  FOO   ")
  (builtins.split "," "a,b,,c")
  (builtins.split "," "")
  (builtins.split "," "no-commas")
  (builtins.split "[[:space:]]+" "split  on\twhitespace ")
  (builtins.split "(x)?y" "ayby")
  (builtins.split "/" "/usr/local/bin/")
  (builtins.split "(([0-9])[0-9]*)" "a12b3")
  # empty matches
  (builtins.split "" "ab")
  (builtins.split "x*" "axb")
  (builtins.split "([^/]*)/(.*)" "foo/bar")
]
