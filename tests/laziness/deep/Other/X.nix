throw "Other/X.nix is never read"
