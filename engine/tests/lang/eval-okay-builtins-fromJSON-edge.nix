# exp-json
# fromJSON corners: nlohmann's number rules, escapes, a byte-order mark,
# repeated keys, whitespace and deep nesting.
[
  (builtins.fromJSON "18446744073709551616")
  (builtins.fromJSON "-9223372036854775808")
  (builtins.fromJSON "1e-400")
  (builtins.fromJSON "-0")
  (builtins.fromJSON "-0.0")
  (builtins.fromJSON "0.5e1")
  (builtins.fromJSON "1E+2")
  (builtins.fromJSON "2.5E-3")
  (builtins.fromJSON "\"\\ud83d\\ude00 \\u00E9 \\u2028 \\/\"")
  (builtins.fromJSON "\"raw é and 😀\"")
  (builtins.fromJSON "﻿[1]")
  (builtins.fromJSON "{\"a\": 1, \"b\": 2, \"a\": 3}")
  (builtins.fromJSON " \t\r\n{ \"x\" :\n[ ] }\n")
  (builtins.fromJSON "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")
  (builtins.fromJSON "{\"\": {\"\": null}}")
  (builtins.fromJSON "[true,false,null,\"\",0]")
]
