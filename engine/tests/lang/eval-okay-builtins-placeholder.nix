[
  (builtins.placeholder "out")
  (builtins.placeholder "dev")
  (builtins.placeholder "bin")
  (builtins.placeholder "")
  (builtins.getContext (builtins.placeholder "out"))
]
