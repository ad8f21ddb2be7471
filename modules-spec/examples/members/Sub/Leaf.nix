"from Sub/Leaf.nix"
