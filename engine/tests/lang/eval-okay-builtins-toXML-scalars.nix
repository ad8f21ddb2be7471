builtins.map builtins.toXML [ 1 "s" null true [ ] { } "multi\nline" "unicode é" 0.1 ]
