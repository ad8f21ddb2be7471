# Private: the product list, read from the module's store copy.
builtins.fromJSON (builtins.readFile "${mod}/products.json")
