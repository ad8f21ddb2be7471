throw "A/Shadow.nix is shadowed by mod.nix and never read"
