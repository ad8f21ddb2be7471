(builtins.fetchGit { url = "file://@FX@/repo"; ref = "refs/ekala/init"; }).rev
