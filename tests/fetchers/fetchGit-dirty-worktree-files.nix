builtins.readDir (builtins.fetchGit "file://@FX@/dirty")
