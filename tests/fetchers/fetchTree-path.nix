builtins.fetchTree { type = "path"; path = "@FX@/t"; }
