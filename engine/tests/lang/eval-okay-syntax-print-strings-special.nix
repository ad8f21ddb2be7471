[ "tab\there" "nl\nhere" "quote\"" "back\\slash" "dollar\${x}" "unicode é ☃" ]
