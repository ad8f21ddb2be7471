builtins.split "a{99999999999999999999}" "a"
