[
  (builtins.substring 0 3 "hello")
  (builtins.substring 1 2 "hello")
  (builtins.substring 3 100 "hello")
  (builtins.substring 5 1 "hello")
  (builtins.substring 10 1 "hello")
  (builtins.substring 1 (-1) "hello")
  (builtins.substring 0 0 "hello")
  (builtins.substring 0 1 "")
  (builtins.substring 2 (-5) "hello")
  # bytes, not characters: this cuts a UTF-8 sequence
  (builtins.stringLength (builtins.substring 0 1 "é"))
  (builtins.substring 1 3 "日本")
]
