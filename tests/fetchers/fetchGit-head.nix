builtins.fetchGit "file://@FX@/repo"
