# Private members are reachable through `mod`.
"${mod.alpha} + ${mod.beta}"
