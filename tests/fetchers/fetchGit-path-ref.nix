builtins.fetchGit { url = "@FX@/repo"; ref = "main"; rev = "ab0f420febbe929ea3391007bda6bd9f316a487e"; }
