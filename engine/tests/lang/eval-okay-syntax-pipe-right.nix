# nix-flags: --extra-experimental-features pipe-operators
1 |> (x: x + 1) |> (x: x * 10)
