builtins.findFile [ ] 1
