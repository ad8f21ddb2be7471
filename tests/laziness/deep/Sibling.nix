throw "Sibling.nix is never read"
