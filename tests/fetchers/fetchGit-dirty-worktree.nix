builtins.fetchGit @FX@/dirty
