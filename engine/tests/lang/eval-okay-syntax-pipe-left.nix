# nix-flags: --extra-experimental-features pipe-operators
(x: x * 10) <| (x: x + 1) <| 1
