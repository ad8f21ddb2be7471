# nix-flags: --extra-experimental-features pipe-operators
1 |> 2
