"from Answer.nix (never read)"
