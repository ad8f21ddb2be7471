let s = { a = 1; b = 2; }; in { inherit (builtins.trace "once" s) a b; }
