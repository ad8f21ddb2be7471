builtins.fetchTree { type = "path"; path = "/nowhere"; }
