builtins.fetchGit { url = "file://@FX@/repo"; rev = "1bbdb1fd0e66a27be0f29d6a30a75c75697008bd"; }
