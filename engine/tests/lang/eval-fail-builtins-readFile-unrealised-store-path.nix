# Under `nix-instantiate --eval` the store is read-only: toFile only computes
# the path, so reading it back fails.
builtins.readFile (builtins.toFile "atom-eval-builtins-unrealised" "unique content 8f3a17")
