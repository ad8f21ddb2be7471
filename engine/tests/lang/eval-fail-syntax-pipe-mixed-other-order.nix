# nix-flags: --extra-experimental-features pipe-operators
# |> and <| do not mix without parentheses, in either order.
1 |> (x: x) <| 2
