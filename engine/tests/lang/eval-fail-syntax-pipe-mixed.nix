# nix-flags: --extra-experimental-features pipe-operators
# |> and <| do not mix without parentheses.
(x: x) <| 1 |> (x: x)
