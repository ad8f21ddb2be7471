{ Value = fetchGit { url = "https://example.org/x.git"; }; }
