builtins.fetchGit { url = "file://@FX@/dirty"; ref = "main"; }
