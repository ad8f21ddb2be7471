throw "A/Unused.nix is never read"
