throw "A/B/Y.nix is never read"
