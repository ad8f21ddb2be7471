# Out-of-range results come out as C++ Nix's cast gives them on x86-64.
[ (builtins.floor 1.0e19) (builtins.ceil (-1.0e300)) (builtins.floor 9.2e18) (builtins.floor (-9.3e18)) (builtins.floor (1.0e308 * 10)) ]
