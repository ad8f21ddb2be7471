# Public member using std and the manifest.
"${std.string.toUpperCase mod.greeting} (from ${cfg.package.label} ${cfg.package.version})"
