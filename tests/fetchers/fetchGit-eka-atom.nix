builtins.fetchGit { url = "file://@FX@/repo"; name = "hello"; ref = "refs/eka/atoms/hello/0.1.0"; rev = "b56b244556bddea3c41e41a1fb26aee67dce62b6"; shallow = true; }
