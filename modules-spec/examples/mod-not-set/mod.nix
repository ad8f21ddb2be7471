[ "not" "a" "set" ]
