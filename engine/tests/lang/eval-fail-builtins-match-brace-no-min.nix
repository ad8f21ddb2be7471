builtins.match "a{,2}" "a"
