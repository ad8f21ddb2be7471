# Public member using std and the manifest.
"${std.string.toUpperCase mod.greeting} (from ${cfg.atom.id} ${cfg.atom.version})"
