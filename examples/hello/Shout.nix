# Public member using std and the manifest.
/**
  The greeting in capitals, signed with the atom's label and version.
*/
"${std.string.toUpperCase mod.greeting} (from ${cfg.package.label} ${cfg.package.version})"
